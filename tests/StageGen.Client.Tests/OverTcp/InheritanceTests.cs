using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Contoso.Zoo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StageGen.Runtime;
using Xunit;

namespace StageGen.Client.Tests.OverTcp;

/// <summary>
/// The client generated from <c>tests/specs/features/inheritance.yaml</c> against Kestrel on 127.0.0.1: an operation
/// that takes the base record sends a derived value whole, one that returns the base gives the derived record the
/// discriminator names, and a derived value that breaks its base's rules is refused before it is sent.
/// </summary>
public sealed class InheritanceTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private string? _received;
    private int _requests;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(async context =>
        {
            Interlocked.Increment(ref _requests);
            using var body = new StreamReader(context.Request.Body, Encoding.UTF8);
            _received = await body.ReadToEndAsync();
            context.Response.ContentType = "application/json";
            // The service answers with the puppy the animal grew into.
            await context.Response.WriteAsync("""{"kind":"puppy","name":"Rex","barkVolume":4,"ageInWeeks":9}""");
        });
        await _app.StartAsync();
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_app.Urls.First() + "/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task An_operation_on_the_base_sends_a_derived_value_whole_and_returns_the_record_the_reply_names()
    {
        var stored = await new ZooClient(_http).PutAnimalAsync("a1", new Dog { Kind = "dog", Name = "Rex", BarkVolume = 4 }, _timeout.Token);

        Assert.Equal("""{"kind":"dog","name":"Rex","barkVolume":4}""", _received);
        var puppy = Assert.IsType<Puppy>(stored);
        Assert.Equal(9, puppy.AgeInWeeks);
        Assert.Equal(4, puppy.BarkVolume);
    }

    [Fact]
    public async Task A_derived_value_that_breaks_its_base_rules_is_not_sent()
    {
        var error = await Assert.ThrowsAsync<ApiValidationException>(() =>
            new ZooClient(_http).PutAnimalAsync("a1", new Puppy { Kind = "puppy", Name = "", AgeInWeeks = 1 }, _timeout.Token));

        Assert.Equal("name", Assert.Single(error.Errors).Path);
        Assert.Equal(0, _requests);
    }
}
