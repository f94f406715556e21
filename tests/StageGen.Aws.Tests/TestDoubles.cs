using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace StageGen.Aws.Tests;

/// <summary>The end of a handler chain in memory: keeps a copy of each request's headers and answers 200.</summary>
internal sealed class CapturingHandler : HttpMessageHandler
{
    public List<Dictionary<string, string>> Requests { get; } = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, System.Net.Http.Headers.HeaderStringValues> h in request.Headers.NonValidated)
        {
            headers[h.Key] = h.Value.ToString();
        }
        Requests.Add(headers);
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request });
    }
}
