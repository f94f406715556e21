using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Contoso.Gateway;
using StageGen.Emulator;
using StageGen.Runtime;
using Xunit;

namespace StageGen.Client.Tests.OverTcp;

/// <summary>
/// One Stage emulator per test (a real Kestrel server on 127.0.0.1, seeded with the demo API unless
/// <see cref="Options"/> says otherwise) and the generated <see cref="StageClient"/> over one <see cref="HttpClient"/>
/// to it. Nothing can hang: every HttpClient has a timeout, and every call takes <see cref="Cancel"/>.
/// </summary>
public abstract class EmulatorTest : IAsyncLifetime
{
    /// <summary>The demo API: stages <c>prod</c> (every member set) and the managed <c>$default</c>.</summary>
    protected const string DemoApi = StageStore.DemoApiId;

    private readonly CancellationTokenSource _testTimeout = new(TimeSpan.FromSeconds(30));
    private readonly List<HttpClient> _httpClients = new();

    protected StageEmulator Emulator { get; private set; } = null!;

    /// <summary>The generated client with default options (requests validated).</summary>
    protected StageClient Client { get; private set; } = null!;

    /// <summary>Cancelled when the test has run for 30 s: pass it to every call that could wait.</summary>
    protected CancellationToken Cancel => _testTimeout.Token;

    protected virtual EmulatorOptions Options => new() { SeedDemoData = true };

    public async Task InitializeAsync()
    {
        Emulator = await StageEmulator.StartAsync(Options, Cancel);
        Client = CreateClient();
    }

    public async Task DisposeAsync()
    {
        foreach (HttpClient http in _httpClients)
        {
            http.Dispose();
        }
        await Emulator.DisposeAsync();
        _testTimeout.Dispose();
    }

    /// <summary>Another generated client with its own HttpClient to the emulator (disposed after the test).</summary>
    protected StageClient CreateClient(StageClientOptions? options = null, TimeSpan? timeout = null)
    {
        var http = new HttpClient { BaseAddress = Emulator.BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(10) };
        _httpClients.Add(http);
        return new StageClient(http, options);
    }

    /// <summary>The one request the emulator received.</summary>
    protected RecordedRequest SingleRequest() => Assert.Single(Emulator.Requests.Snapshot());

    /// <summary>Asserts that the exception came from the one request the emulator answered, by its <c>x-amzn-RequestId</c>.</summary>
    protected void AssertFromSingleRequest(ApiException exception) =>
        Assert.Equal(SingleRequest().RequestId, exception.GetHeader("x-amzn-RequestId"));

    /// <summary>Waits (bounded by <see cref="Cancel"/>) until the emulator has received <paramref name="count"/> requests.</summary>
    protected async Task WaitForRequestsAsync(int count)
    {
        while (Emulator.Requests.Count < count)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), Cancel);
        }
    }

    /// <summary>Runs <paramref name="call"/> and returns how long it took to complete or fail.</summary>
    protected static async Task<(TException Exception, TimeSpan Elapsed)> TimeThrowsAnyAsync<TException>(Func<Task> call)
        where TException : Exception
    {
        var stopwatch = Stopwatch.StartNew();
        var exception = await Assert.ThrowsAnyAsync<TException>(call);
        return (exception, stopwatch.Elapsed);
    }
}
