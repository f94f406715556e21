using System;
using System.Threading.Tasks;

namespace StageGen.Emulator;

/// <summary>Runs the emulator standalone, seeded with the demo API, until Ctrl+C.</summary>
internal static class Program
{
    private const string Usage = "usage: StageGen.Emulator [--urls http://127.0.0.1:5099] [--rate-limit REQUESTS_PER_SECOND] [--unsigned]";

    public static async Task<int> Main(string[] args)
    {
        string url = "http://127.0.0.1:5099";
        EmulatorRateLimit? rateLimit = null;
        // Like the service, requests must be signed (with the example key) unless --unsigned says otherwise.
        EmulatorSigV4? sigV4 = new();
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
                case "--unsigned":
                    sigV4 = null;
                    break;
                default:
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }

        await using StageEmulator emulator = await StageEmulator.StartAsync(
            new EmulatorOptions { Url = url, SeedDemoData = true, RateLimit = rateLimit, SigV4 = sigV4 });
        Console.WriteLine($"StageGen emulator listening on {emulator.BaseAddress}");
        string signing = sigV4 is null ? ""
            : $"--aws-sigv4 aws:amz:{sigV4.Region}:{sigV4.Service} --user {EmulatorSigV4.ExampleAccessKeyId}:{EmulatorSigV4.ExampleSecretAccessKey} ";
        Console.WriteLine($"  try: curl -i {signing}{emulator.BaseAddress}v2/apis/{StageStore.DemoApiId}/stages/prod");
        Console.WriteLine("Press Ctrl+C to stop.");
        await emulator.WaitForShutdownAsync();
        return 0;
    }
}
