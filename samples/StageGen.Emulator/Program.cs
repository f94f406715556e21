using System;
using System.Threading.Tasks;

namespace StageGen.Emulator;

/// <summary>Runs the emulator standalone, seeded with the demo API, until Ctrl+C.</summary>
internal static class Program
{
    private const string Usage = "usage: StageGen.Emulator [--urls http://127.0.0.1:5099] [--rate-limit REQUESTS_PER_SECOND]";

    public static async Task<int> Main(string[] args)
    {
        string url = "http://127.0.0.1:5099";
        EmulatorRateLimit? rateLimit = null;
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--urls" when value is not null:
                    url = value;
                    i++;
                    break;
                case "--rate-limit" when int.TryParse(value, out int permits) && permits > 0:
                    rateLimit = new EmulatorRateLimit(permits, TimeSpan.FromSeconds(1));
                    i++;
                    break;
                default:
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }

        await using StageEmulator emulator = await StageEmulator.StartAsync(
            new EmulatorOptions { Url = url, SeedDemoData = true, RateLimit = rateLimit });
        Console.WriteLine($"StageGen emulator listening on {emulator.BaseAddress}");
        Console.WriteLine($"  try: curl -i {emulator.BaseAddress}v2/apis/{StageStore.DemoApiId}/stages/prod");
        Console.WriteLine("Press Ctrl+C to stop.");
        await emulator.WaitForShutdownAsync();
        return 0;
    }
}
