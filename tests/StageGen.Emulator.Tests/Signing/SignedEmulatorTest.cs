using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading.Tasks;
using Amazon.Runtime;
using Contoso.Gateway;
using Microsoft.Extensions.DependencyInjection;
using StageGen.Aws;
using StageGen.Emulator.Tests.Infrastructure;

namespace StageGen.Emulator.Tests.Signing;

/// <summary>
/// An emulator that checks SigV4 (the example key, a temporary key with its session token, one whose session has
/// expired and a key allowed only to read), and the generated
/// client registered with <c>AddStageClient(...).AddAwsSigV4(...)</c> as a user would.
/// </summary>
public abstract class SignedEmulatorTest : EmulatorTest
{
    protected const string Region = "us-east-1";
    protected const string TemporaryKeyId = "ASIATEMPORARYEXAMPLE";
    protected const string TemporarySecret = "temporary/secret/EXAMPLEKEY";
    protected const string SessionToken = "FwoGZXIvYXdzEXAMPLE//session+token=";
    protected const string ExpiredKeyId = "ASIAEXPIREDEXAMPLE";
    protected const string ReadOnlyKeyId = "AKIAREADONLYEXAMPLE";

    private readonly List<ServiceProvider> _providers = new();
    private readonly List<HttpClient> _httpClients = new();

    protected static AWSCredentials ExampleCredentials =>
        new BasicAWSCredentials(EmulatorSigV4.ExampleAccessKeyId, EmulatorSigV4.ExampleSecretAccessKey);

    protected override EmulatorOptions Options => new()
    {
        SeedDemoData = true,
        SigV4 = new EmulatorSigV4
        {
            Region = Region,
            AccessKeys =
            [
                new(EmulatorSigV4.ExampleAccessKeyId, EmulatorSigV4.ExampleSecretAccessKey),
                new(TemporaryKeyId, TemporarySecret, SessionToken),
                new(ExpiredKeyId, TemporarySecret, SessionToken, Expires: DateTimeOffset.UtcNow.AddHours(-1)),
                new(ReadOnlyKeyId, EmulatorSigV4.ExampleSecretAccessKey, ReadOnly: true),
            ],
        },
    };

    /// <summary>The generated client, signed with <paramref name="credentials"/> (the example key by default).</summary>
    protected IStageClient SignedClient(AWSCredentials? credentials = null, Action<AwsSigV4Options>? configure = null,
        Action<IHttpClientBuilder>? configureBuilder = null)
    {
        var services = new ServiceCollection();
        IHttpClientBuilder builder = services.AddStageClient(http =>
        {
            http.BaseAddress = Emulator.BaseAddress;
            http.Timeout = TimeSpan.FromSeconds(10);
        });
        builder.AddAwsSigV4(o =>
        {
            o.Region = Region;
            o.Credentials = credentials ?? ExampleCredentials;
            configure?.Invoke(o);
        });
        configureBuilder?.Invoke(builder);
        ServiceProvider provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<IStageClient>();
    }

    /// <summary>The generated client over a hand-built handler chain (the signer, then whatever runs after it).</summary>
    protected StageClient ClientOver(HttpMessageHandler handler)
    {
        var http = new HttpClient(handler) { BaseAddress = Emulator.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        _httpClients.Add(http);
        return new StageClient(http);
    }

    public override async Task DisposeAsync()
    {
        foreach (ServiceProvider provider in _providers)
        {
            await provider.DisposeAsync();
        }
        foreach (HttpClient http in _httpClients)
        {
            http.Dispose();
        }
        await base.DisposeAsync();
    }
}
