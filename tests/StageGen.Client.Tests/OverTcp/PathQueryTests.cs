using System;
using System.Threading.Tasks;
using Contoso.Queries;
using StageGen.Client.Tests.Infrastructure;
using Xunit;

namespace StageGen.Client.Tests.OverTcp;

/// <summary>
/// The client generated from <c>tests/specs/features/path-queries.yaml</c> against a Kestrel server on 127.0.0.1 that
/// records the request target: a path key's literal query pairs go out first on every call, escaped as any query
/// value is; its <c>{parameter}</c> pairs carry the declared parameters, whether declared in the path or the query.
/// </summary>
public sealed class PathQueryTests : RecordingServerTest
{
    private QueriesClient Client => new(Http);

    private string Target() => Assert.Single(Server.Calls).Target;

    [Fact]
    public async Task A_literal_pair_is_sent_before_the_declared_parameters()
    {
        await Client.SearchPhotosAsync("cats & dogs", Cancel);

        Assert.Equal("/rest?method=flickr.photos.search&text=cats%20%26%20dogs", Target());
    }

    [Fact]
    public async Task Literal_pairs_are_sent_as_the_key_writes_them_and_a_declared_parameter_replaces_a_pair_of_its_name()
    {
        await Client.GetPhotoInfoAsync("42", v: 3, Cancel);

        // tag=caf%C3%A9 is read as café and escaped again; the declared 'v' replaces the key's v=1.
        Assert.Equal("/rest?method=flickr.photos.getInfo&format=json&tag=caf%C3%A9&photo_id=42&v=3", Target());
    }

    [Fact]
    public async Task Parameters_declared_in_the_path_but_placed_in_the_query_are_sent_in_the_query()
    {
        await Client.GetCurrentByCityByCountryAsync("São Paulo", "BR", Cancel);
        await Client.GetCurrentByLatByLonAsync(59.91, 10.75, Cancel);

        Assert.Equal(
            ["/current?city=S%C3%A3o%20Paulo&country=BR", "/current?lat=59.91&lon=10.75"],
            Array.ConvertAll(new[] { Server.Calls[0], Server.Calls[1] }, call => call.Target));
    }

    [Fact]
    public async Task A_pair_sends_its_parameter_under_the_pairs_name_beside_a_path_parameter()
    {
        await Client.GetUsersByUserIdPicByKeyAsync("u/1", "k&1=2", Cancel);

        Assert.Equal("/users/u%2F1/pic?key=k%261%3D2", Target());
    }

    [Fact]
    public async Task A_pair_without_a_value_is_sent_and_an_optional_parameter_left_out()
    {
        await Client.GetSearchByQueryFullAsync(cancellationToken: Cancel);

        Assert.Equal("/search?full=", Target());
    }
}
