using System;
using System.Net.Http;
using StageGen.Runtime.CompilerServices;

namespace StageGen.Runtime;

/// <summary>
/// HttpClients for generated clients. A generated client refuses a response that a followed redirect brought back
/// (see <see cref="ApiException"/>), so the HttpClient it sends with should not follow redirects at all: then the
/// request stays where it was sent and the client sees the 3xx itself.
/// </summary>
public static class ApiHttpClient
{
    /// <summary>
    /// An HttpClient for <paramref name="baseAddress"/> that does not follow redirects. Every one shares one handler
    /// (one connection pool, connections renewed every two minutes so DNS changes are seen), so making many is cheap
    /// and none needs disposing.
    /// </summary>
    public static HttpClient Create(Uri baseAddress)
    {
        if (baseAddress is null)
        {
            throw new ArgumentNullException(nameof(baseAddress));
        }

        return new HttpClient(SharedHandler.Instance, disposeHandler: false) { BaseAddress = baseAddress };
    }

    /// <summary>
    /// As <see cref="Create(Uri)"/>, without a base address: a generated client of a spec with servers sends to the
    /// spec's server, as its options build it (<c>DefaultBaseAddress</c>).
    /// </summary>
    public static HttpClient Create() => new(SharedHandler.Instance, disposeHandler: false);

    /// <summary>
    /// Turns off automatic redirects on <paramref name="handler"/> or the first <see cref="SocketsHttpHandler"/> or
    /// <see cref="HttpClientHandler"/> it delegates to (the primary handler an <c>IHttpClientFactory</c> builds, for
    /// one). Returns false when there is none (the handler is of another kind); a generated client still refuses what a
    /// redirect would bring back.
    /// </summary>
    public static bool DisableRedirects(HttpMessageHandler? handler)
    {
        while (true)
        {
            switch (handler)
            {
                case SocketsHttpHandler sockets:
                    sockets.AllowAutoRedirect = false;
                    return true;
                case HttpClientHandler client:
                    client.AllowAutoRedirect = false;
                    return true;
                case DelegatingHandler delegating:
                    handler = delegating.InnerHandler;
                    break;
                default:
                    return false;
            }
        }
    }
}
