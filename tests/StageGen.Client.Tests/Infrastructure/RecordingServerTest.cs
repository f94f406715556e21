using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace StageGen.Client.Tests.Infrastructure;

/// <summary>
/// A test class with a <see cref="RecordingServer"/> of its own and an <see cref="HttpClient"/> whose BaseAddress is
/// that server, following no redirects; each test has 30 seconds (<see cref="Cancel"/>).
/// </summary>
public abstract class RecordingServerTest : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    protected RecordingServer Server { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    protected CancellationToken Cancel => _timeout.Token;

    public async Task InitializeAsync()
    {
        Server = await RecordingServer.StartAsync();
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        _timeout.Dispose();
    }
}
