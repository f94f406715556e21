using System;
using System.Linq;
using StageGen.Generator.Spec;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>The reader's pure text checks, on their own.</summary>
public sealed class SpecTextTests
{
    [Fact]
    public void The_line_break_test_and_the_line_break_list_are_the_same_five_characters()
    {
        var tested = Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(SpecText.IsLineBreak);
        Assert.Equal(SpecText.LineBreaks.Order(), tested);
        Assert.Equal(new[] { '\n', '\r', '\u0085', '\u2028', '\u2029' }, SpecText.LineBreaks.Order());
    }

    [Theory]
    [InlineData("/v2/tags/{resource-arn}#tagKeys", "/v2/tags/{resource-arn}")]
    [InlineData("/files/{file_id}#get_shared_link#x", "/files/{file_id}")]
    [InlineData("/items", "/items")]
    [InlineData("#only", "")]
    public void A_path_key_suffix_after_hash_is_not_part_of_the_path(string key, string path)
        => Assert.Equal(path, SpecText.PathWithoutKeySuffix(key));

    [Theory]
    [InlineData("/v2/apis/{apiId}/stages/{stageName}", "'/v2/apis/'@0 {apiId}@9 '/stages/'@16 {stageName}@24")]
    [InlineData("{id}", "{id}@0")]
    [InlineData("/items", "'/items'@0")]
    [InlineData("/a/{x}{y}.json", "'/a/'@0 {x}@3 {y}@6 '.json'@9")]
    [InlineData("/a/{b/c}", "'/a/{b/c}'@0")]
    public void A_path_template_is_literal_text_and_parameters_in_order(string template, string segments)
        => Assert.Equal(segments, string.Join(" ", SpecText.PathSegments(template).Select(s => (s.IsParameter ? "{" + s.Text + "}" : "'" + s.Text + "'") + "@" + s.Offset)));

    [Theory]
    [InlineData("/items/{id}", null)]
    [InlineData("/a/../b", "has the dot segment '..', which URI normalization removes")]
    [InlineData("/a/%2e/b", "has the dot segment '%2e', which URI normalization removes")]
    [InlineData("/a/.well-known/b", null)]
    [InlineData("/a/.../b", null)]
    public void Path_template_problems(string template, string? problem)
        => Assert.Equal(problem, SpecText.PathTemplateProblem(template));

    [Theory]
    [InlineData("method=flickr.photos.search", "method=flickr.photos.search")]
    [InlineData("city={city}&country={country}", "city={city} country={country}")]
    [InlineData("tag=caf%C3%A9&a+b=1%2B1", "tag=café a+b=1+1")]
    [InlineData("full&&v=", "full= v=")]
    [InlineData("bad=%zz&x=%E9", "bad=%zz x=%E9")]
    public void A_path_keys_query_is_pairs_unescaped_in_order(string query, string pairs)
        => Assert.Equal(pairs, string.Join(" ", SpecText.QueryPairs(query).Select(p => p.Name + "=" + p.Value)));

    [Theory]
    [InlineData("X-Request-Id", true)]
    [InlineData("x!#$%&'*+-.^_`|~9", true)]
    [InlineData("", false)]
    [InlineData("X Id", false)]
    [InlineData("X-Id:", false)]
    [InlineData("X-{0}", false)]
    [InlineData("X-Tenanté", false)]
    public void Header_names_are_HTTP_tokens(string name, bool token)
        => Assert.Equal(token, SpecText.IsToken(name));

    [Theory]
    [InlineData("200", true)]
    [InlineData("4XX", true)]
    [InlineData("default", true)]
    [InlineData("600", false)]
    [InlineData("2000", false)]
    [InlineData("4xx", false)]
    [InlineData("2X0", false)]
    [InlineData("2٠٠", false)] // Arabic-Indic digits
    public void Status_codes(string code, bool valid)
        => Assert.Equal(valid, SpecText.IsStatusCode(code));

    [Theory]
    [InlineData("application/json", true)]
    [InlineData("Application/JSON; charset=utf-8", true)]
    [InlineData("application/problem+json", true)]
    [InlineData("text/plain", false)]
    [InlineData("application/jsonl", false)]
    public void Json_media_types(string mediaType, bool json)
        => Assert.Equal(json, SpecText.IsJsonMediaType(mediaType));

    [Theory]
    [InlineData("plain", -1)]
    [InlineData("a\tb", -1)]
    [InlineData("\U0001F600", -1)]
    [InlineData("a\nb", 1)]
    [InlineData("ab\u2028", 2)]
    [InlineData("\u0085", 0)]
    [InlineData("a\u0001", 1)]
    [InlineData("\uFFFE", 0)]
    public void The_first_character_code_cannot_carry(string text, int at)
        => Assert.Equal(at, SpecText.FindUnsafe(text));

    [Fact]
    public void A_lone_surrogate_cannot_be_carried_and_a_pair_can()
    {
        // Built in code: xunit stores theory data as UTF-8, which turns a lone surrogate into U+FFFD.
        var high = char.ConvertFromUtf32(0x1F600)[0];
        Assert.Equal(1, SpecText.FindUnsafe("a" + high + "b"));
        Assert.Equal("a\uFFFDb", SpecText.Documentation("a" + high + "b"));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("  \n ", null)]
    [InlineData("One line", "One line")]
    [InlineData("a\r\nb\rc\u0085d\u2028e\u2029f", "a\nb\nc\nd\ne\nf")]
    [InlineData("a\u0001b\uFFFFc", "a\uFFFDb\uFFFDc")]
    [InlineData("smile \U0001F600", "smile \U0001F600")]
    public void Documentation_text_keeps_one_kind_of_line_break_and_only_XML_characters(string? text, string? documentation)
        => Assert.Equal(documentation, SpecText.Documentation(text));

    [Fact]
    public void A_block_scalar_YamlDotNet_refuses_as_written_is_read_and_later_positions_stay_the_documents()
    {
        // devto's and plaid's shape: a literal block whose first line holds only spaces, as many as its text's indentation.
        var text = "openapi: 3.1.0\ninfo:\n  title: Items\n  version: '1'\n  description: |\n    \n    Items.\npaths: {}\ncomponents:\n  schemas:\n    Item: {type: object, properties: {n: {type: string, minLength: -1}}}\n";

        var result = SpecReader.Read("/specs/items.yaml", text);

        Assert.Equal("\nItems.\n", result.Document!.Description);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("SG1010", diagnostic.Id);
        Assert.Equal(text.IndexOf("-1", StringComparison.Ordinal), diagnostic.Location!.Start);
        Assert.Equal((10, 67), (diagnostic.Location.StartLine, diagnostic.Location.StartColumn));
    }
}
