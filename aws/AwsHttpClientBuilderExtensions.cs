using System;
using System.Collections.Generic;
using System.Linq;
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
    /// with nothing after it that could change a signed header. Right outside it goes <see cref="AwsRetryHandler"/>,
    /// the AWS SDKs' standard retry mode (<see cref="AwsSigV4Options.Retry"/>; 3 attempts): unless the chain already
    /// has a retrying handler of its own (Microsoft.Extensions.Http.Resilience's <c>AddStandardResilienceHandler</c> or
    /// <c>AddResilienceHandler</c>, Microsoft.Extensions.Http.Polly's <c>AddPolicyHandler</c>), which is then the
    /// client's only retry, or <see cref="AwsRetryOptions.MaxAttempts"/> is 1. A
    /// <see cref="AwsRetryOptions.MaxAttempts"/> set explicitly adds it in any case. Retry quotas
    /// (<see cref="AwsRetryQuota"/>) and clock offsets (<see cref="AwsClockSkew"/>) are kept per endpoint, one of each
    /// for the service provider. Automatic redirects are turned off (a redirect would send the signature to another
    /// host). When the client has no base address, it gets the endpoint the AWS SDKs' configuration names
    /// (<c>AWS_ENDPOINT_URL_APIGATEWAYV2</c>, else <c>AWS_ENDPOINT_URL</c>, unless
    /// <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> is <c>true</c>), else the region's endpoint from the apigatewayv2
    /// endpoint rules (honouring <see cref="AwsSigV4Options.UseFips"/> and <see cref="AwsSigV4Options.UseDualStack"/>).
    /// Without <paramref name="configure"/>, or with no region set, the AWS SDKs' region chain gives the region.
    /// </summary>
    public static IHttpClientBuilder AddAwsSigV4(this IHttpClientBuilder builder, Action<AwsSigV4Options>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string name = builder.Name;
        builder.Services.AddOptions<AwsSigV4Options>(name).Configure(configure ?? (_ => { }));
        builder.Services.TryAddSingleton<AwsClockSkew>();
        builder.Services.TryAddSingleton(_ => new AwsRetryQuota());

        // PostConfigure runs after every Configure, so these handlers (the retry, then the signer) are added after all the
        // others (AddHttpMessageHandler, AddResilienceHandler) whichever was called first: the signer ends up the
        // innermost, the retry right outside it.
        builder.Services.AddOptions<HttpClientFactoryOptions>(name)
            .PostConfigure<IServiceProvider>((factory, services) =>
            {
                factory.HttpClientActions.Add(client =>
                {
                    if (client.BaseAddress is null)
                    {
                        AwsSigV4Options options = services.GetRequiredService<IOptionsMonitor<AwsSigV4Options>>().Get(name);
                        client.BaseAddress = ConfiguredEndpoint() ?? AwsEndpointRuleSet.ApiGatewayV2.Resolve(
                            new AwsEndpointParameters(options.SigningRegion(), options.UseFips, options.UseDualStack));
                    }
                });
                factory.HttpMessageHandlerBuilderActions.Add(handlers =>
                {
                    AwsSigV4Options options = handlers.Services.GetRequiredService<IOptionsMonitor<AwsSigV4Options>>().Get(name);
                    int attempts = options.Retry.MaxAttempts ?? (HasRetryingHandler(handlers.AdditionalHandlers) ? 1 : AwsRetryOptions.DefaultMaxAttempts);
                    if (attempts != 1)
                    {
                        handlers.AdditionalHandlers.Add(new AwsRetryHandler(options.Retry, attempts, options.TimeProvider,
                            handlers.Services.GetRequiredService<AwsRetryQuota>()));
                    }
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

    /// <summary>
    /// The endpoint the AWS SDKs' shared configuration gives API Gateway v2 (the service-specific variable first), or
    /// null: an emulator or a proxy is reached this way without changing the program.
    /// </summary>
    /// <exception cref="InvalidOperationException">The variable is not an absolute http or https URL.</exception>
    internal static Uri? ConfiguredEndpoint()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        foreach (string variable in new[] { "AWS_ENDPOINT_URL_APIGATEWAYV2", "AWS_ENDPOINT_URL" })
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                return Uri.TryCreate(value, UriKind.Absolute, out Uri? endpoint) && (endpoint.Scheme == Uri.UriSchemeHttps || endpoint.Scheme == Uri.UriSchemeHttp)
                    ? new Uri(endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/")
                    : throw new InvalidOperationException($"{variable} must be an absolute http or https URL, not '{value}'.");
            }
        }

        return null;
    }

    // Handlers that may retry, by type name so that neither package is needed to recognise them: the resilience
    // handler of AddStandardResilienceHandler / AddResilienceHandler, and the policy handler of AddPolicyHandler.
    private static readonly string[] RetryingHandlerTypes =
    {
        "Microsoft.Extensions.Http.Resilience.ResilienceHandler",
        "Microsoft.Extensions.Http.PolicyHttpMessageHandler",
    };

    private static bool HasRetryingHandler(IEnumerable<DelegatingHandler> handlers) =>
        handlers.Any(handler =>
        {
            for (Type? type = handler.GetType(); type is not null; type = type.BaseType)
            {
                if (Array.IndexOf(RetryingHandlerTypes, type.FullName) >= 0)
                {
                    return true;
                }
            }
            return false;
        });
}
