using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Contoso.Boxes;
using StageGen.Client.Tests.Infrastructure;
using Xunit;

namespace StageGen.Client.Tests.OverTcp;

/// <summary>
/// Parameters that <c>tests/specs/features/parameters.yaml</c> gives as <c>content</c> instead of <c>schema</c>, against
/// a Kestrel server on 127.0.0.1: an object under <c>application/json</c> goes as its JSON text in one field, and a
/// scalar goes as a <c>schema</c> one would, whatever the media type.
/// </summary>
public sealed class ContentParameterTests : RecordingServerTest
{
    private BoxesClient Client => new(Http);

    [Fact]
    public async Task A_JSON_content_object_is_sent_as_its_JSON_text_and_a_text_one_as_text()
    {
        await Client.FindBoxesAsync(new FindBoxesFilter { Label = "a&b", MinSize = 3 }, "ann", Cancel);

        // One field holding the JSON (its writer escapes '&' as \u0026, the same JSON string), then the text one.
        var query = Assert.Single(Server.Calls).Target.Split('?')[1].Split('&');
        Assert.Equal(2, query.Length);
        Assert.StartsWith("filter=%7B%22label%22%3A%22a", query[0]);
        using var filter = JsonDocument.Parse(Uri.UnescapeDataString(query[0]["filter=".Length..]));
        Assert.Equal(("a&b", 3), (filter.RootElement.GetProperty("label").GetString(), filter.RootElement.GetProperty("minSize").GetInt32()));
        Assert.Equal(2, filter.RootElement.EnumerateObject().Count());
        Assert.Equal("owner=ann", query[1]);
    }

    [Fact]
    public async Task A_scalar_path_parameter_given_as_content_is_a_typed_segment()
    {
        var id = Guid.Parse("5f0c6f7e-3d2a-4b8e-9a4c-1e2f3a4b5c6d");

        await Client.GetBoxLabelAsync(id, Cancel);

        Assert.Equal("/boxes/5f0c6f7e-3d2a-4b8e-9a4c-1e2f3a4b5c6d/label", Assert.Single(Server.Calls).Target);
    }
}
