using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace StageGen.Emulator.Tests.Infrastructure;

/// <summary>
/// Starts one emulator per test (seeded with the demo API unless <see cref="Options"/> says otherwise) and an
/// <see cref="HttpClient"/> for it. Every request is bounded by the client's timeout and by <see cref="Cancel"/>.
/// </summary>
public abstract class EmulatorTest : IAsyncLifetime
{
    protected const string DemoApi = StageStore.DemoApiId;

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    protected StageEmulator Emulator { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    /// <summary>Cancelled when the test has run for 30 s: pass it to every await that could wait.</summary>
    protected CancellationToken Cancel => _timeout.Token;

    protected virtual EmulatorOptions Options => new() { SeedDemoData = true };

    public async Task InitializeAsync()
    {
        Emulator = await StageEmulator.StartAsync(Options, Cancel);
        Client = new HttpClient { BaseAddress = Emulator.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public virtual async Task DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
        _timeout.Dispose();
    }

    /// <summary>The relative stage URI with each segment escaped as the generated client does (<c>$default</c> → <c>%24default</c>).</summary>
    protected static string StagePath(string apiId, string stageName) =>
        $"v2/apis/{Uri.EscapeDataString(apiId)}/stages/{Uri.EscapeDataString(stageName)}";

    protected Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        return Client.SendAsync(request, Cancel);
    }

    protected Task<HttpResponseMessage> GetAsync(string apiId, string stageName) => SendAsync(HttpMethod.Get, StagePath(apiId, stageName));

    protected Task<HttpResponseMessage> PatchAsync(string apiId, string stageName, string json) =>
        SendAsync(HttpMethod.Patch, StagePath(apiId, stageName), json);

    protected async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        return document.RootElement.Clone();
    }

    /// <summary>Asserts the status, the <c>x-amzn-ErrorType</c> and a non-empty <c>message</c>; returns the body.</summary>
    protected async Task<JsonElement> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string errorType)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(errorType, Header(response, "x-amzn-ErrorType"));
        JsonElement body = await ReadJsonAsync(response);
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("message").GetString()));
        return body;
    }

    protected static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
