using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace StageGen.Benchmarks.Floor;

/// <summary>
/// The floor: a hand-written Stage client with the same wire behaviour as the generated one (escaped path segments,
/// <c>Accept: application/json</c>, a JSON body with its content type), reading the body once into a pooled buffer and
/// parsing it with <see cref="FloorJson"/>. It does not validate and maps every failure to one exception.
/// </summary>
public sealed class FloorStageClient
{
    private readonly HttpClient _http;
    private readonly string _baseUri;

    /// <summary>Takes the HttpClient's BaseAddress once: request URIs are built absolute (HttpClient then has nothing to combine).</summary>
    public FloorStageClient(HttpClient http)
    {
        _http = http;
        _baseUri = http.BaseAddress!.AbsoluteUri;
    }

    public async Task<Stage> GetStageAsync(string apiId, string stageName, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, StageUri(apiId, stageName));
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        return await ReadStageAsync(response, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Stage> UpdateStageAsync(string apiId, string stageName, UpdateStageInput body, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, StageUri(apiId, stageName));
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        var content = new ByteArrayContent(FloorJson.Serialize(body));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Content = content;
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        return await ReadStageAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private Uri StageUri(string apiId, string stageName) =>
        new($"{_baseUri}v2/apis/{Uri.EscapeDataString(apiId)}/stages/{Uri.EscapeDataString(stageName)}", UriKind.Absolute);

    /// <summary>Reads the whole body into a pooled buffer (exactly Content-Length bytes when it is known) and parses it.</summary>
    private static async ValueTask<Stage> ReadStageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GetStage: {(int)response.StatusCode}", null, response.StatusCode);
        }

        var length = response.Content.Headers.ContentLength;
        var buffer = ArrayPool<byte>.Shared.Rent(length is { } known ? (int)known : 16 * 1024);
        try
        {
            using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var count = 0;
            while (true)
            {
                if (count == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                count += read;
                if (count == length)
                {
                    break;
                }
            }

            return FloorJson.ReadStage(buffer.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
