using System;
using System.Net.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace StageGen.Aws;

/// <summary>Signs a named or typed HttpClient's requests with AWS SigV4.</summary>
public static class AwsHttpClientBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="AwsSigV4Handler"/> as the innermost handler of the client, whatever the order of the calls:
    /// inside any retry or resilience handler (so each attempt is signed with a fresh date and the current credentials),
    /// with nothing after it that could change a signed header. Automatic redirects are turned off (a redirect would
    /// send the signature to another host). When the client has no base address, it gets the region's endpoint from
    /// the apigatewayv2 endpoint rules (honouring <see cref="AwsSigV4Options.UseFips"/> and
    /// <see cref="AwsSigV4Options.UseDualStack"/>).
    /// </summary>
    public static IHttpClientBuilder AddAwsSigV4(this IHttpClientBuilder builder, Action<AwsSigV4Options> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        string name = builder.Name;
        builder.Services.AddOptions<AwsSigV4Options>(name).Configure(configure);
        builder.Services.TryAddSingleton<AwsClockSkew>();

        // PostConfigure runs after every Configure, so this handler is added after all the others (AddHttpMessageHandler,
        // AddResilienceHandler) whichever was called first: it ends up the innermost.
        builder.Services.AddOptions<HttpClientFactoryOptions>(name)
            .PostConfigure<IServiceProvider>((factory, services) =>
            {
                factory.HttpClientActions.Add(client =>
                {
                    if (client.BaseAddress is null)
                    {
                        AwsSigV4Options options = services.GetRequiredService<IOptionsMonitor<AwsSigV4Options>>().Get(name);
                        client.BaseAddress = AwsEndpointRuleSet.ApiGatewayV2.Resolve(
                            new AwsEndpointParameters(options.Region, options.UseFips, options.UseDualStack));
                    }
                });
                factory.HttpMessageHandlerBuilderActions.Add(handlers =>
                {
                    AwsSigV4Options options = handlers.Services.GetRequiredService<IOptionsMonitor<AwsSigV4Options>>().Get(name);
                    handlers.AdditionalHandlers.Add(new AwsSigV4Handler(options, handlers.Services.GetRequiredService<AwsClockSkew>()));
                    switch (handlers.PrimaryHandler)
                    {
                        case SocketsHttpHandler sockets:
                            sockets.AllowAutoRedirect = false;
                            break;
                        case HttpClientHandler client:
                            client.AllowAutoRedirect = false;
                            break;
                    }
                });
            });
        return builder;
    }
}
