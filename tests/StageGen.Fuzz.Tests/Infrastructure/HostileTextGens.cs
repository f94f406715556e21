using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CsCheck;
using StageGen.Generator.Tests.Infrastructure;

namespace StageGen.Fuzz.Tests.Infrastructure;

/// <summary>A place where text from a spec (or from the <c>ApiSpec</c> item) ends up in generated code.</summary>
public enum TextPlace
{
    ApiDescription,
    SchemaDescription,
    PropertyDescription,
    OperationDescription,
    ParameterDescription,
    ResponseDescription,
    ErrorResponseDescription,
    ErrorSchemaDescription,
    ErrorPropertyDescription,
    Summary,
    ApiTitle,
    SchemaTitle,
    PropertyTitle,
    EnumValue,
    Pattern,
    Default,
    QueryName,
    HeaderName,
    FileName,
    Namespace,
}

/// <summary>One spec with a hostile text in one place: the YAML, the file's path and the item's Namespace.</summary>
public sealed record HostileTextSpec(TextPlace Place, string Text, string Yaml, string Path, string Namespace)
{
    public override string ToString() =>
        $"{Place}: \"{Fuzzer.Escape(Text)}\"\npath: {Fuzzer.Escape(Path)}\nNamespace: {Fuzzer.Escape(Namespace)}\n{Fuzzer.Escape(Yaml)}";
}

/// <summary>
/// CsCheck generators of specs whose text is hostile to the code it lands in: line breaks C# knows (LF, CR, CRLF,
/// NEL, U+2028, U+2029), control characters, comment and XML-doc terminators, quotes, backslashes, format
/// placeholders and C# fragments that try to declare a type named <see cref="SpecCheck.InjectedName"/>, each in one
/// of the places that reaches code (<see cref="TextPlace"/>); and sets of <c>ApiSpec</c> items whose namespaces
/// differ only in case.
/// </summary>
public static class HostileTextGens
{
    private static readonly string[] LineBreaks = ["\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029"];

    private static readonly string[] Controls = ["\0", "\u0001", "\u0007", "\b", "\t", "\v", "\f", "\u001B", "\u007F", "\u009B", "\u200E", "\u202E"];

    private static readonly string[] Syntax =
    [
        "*/", "/*", "//", "///", "</summary>", "<summary>", "</param>", "<para>", "<see cref=\"X\"/>", "<", ">", "&", "&lt;", "]]>",
        "\"", "\\", "\\\"", "\\u0022", "'", "{0}", "{1}", "{{", "}}", "{", "}", "{x}", "$\"{x}\"", "\"\"\"", "@\"", "\"u8", "%s", "#if X", "?", ":",
    ];

    /// <summary>C# that compiles where a comment, a string literal or a doc comment was broken out of.</summary>
    private static readonly string[] Code =
    [
        "\n} public static class Pwned { } //",
        "\npublic static class Pwned { }\n//",
        "\r\npublic static class Pwned { } //",
        "\rpublic static class Pwned { } //",
        "\u0085public static class Pwned { } //",
        "\u2028public static class Pwned { } //",
        "\u2029public static class Pwned { } //",
        "*/ public static class Pwned { } /*",
        "\"; } public static class Pwned { } //",
        "\"); } } public static class Pwned { } //",
        "\"u8)) { } } } public static class Pwned { } //",
        "</summary>\n/// </summary>\npublic static class Pwned { }\n/// <summary>",
        "\n#error Pwned",
        "\n#pragma warning disable\npublic static class Pwned { }\n//",
        "{0}\n} public static class Pwned { } //{1}",
    ];

    private static readonly string[] Words = ["a", "text", "public", "class", " ", "0"];

    /// <summary>1 to 4 hostile pieces, sometimes with plain words around them.</summary>
    public static readonly Gen<string> Text = Gen.Frequency(
            (4, Gen.OneOf(Code)),
            (3, Gen.OneOf(Syntax)),
            (2, Gen.OneOf(LineBreaks)),
            (2, Gen.OneOf(Controls)),
            (1, Gen.OneOf(Words)))
        .Array[1, 4]
        .Select(pieces => string.Concat(pieces));

    /// <summary>A spec with <see cref="Text"/> in one of <paramref name="places"/>; the others hold plain text.</summary>
    public static Gen<HostileTextSpec> In(params TextPlace[] places) =>
        Gen.Select(Gen.OneOf(places), Text, Gen.Bool).Select((place, text, around) => Build(place, around ? "A " + text + " b" : text));

    private static HostileTextSpec Build(TextPlace place, string text)
    {
        string Q(TextPlace at, string plain) => Quote(at == place ? Value(at, text) : plain);
        var yaml = $"""
            openapi: 3.1.0
            info:
              title: {Q(TextPlace.ApiTitle, "Fuzz")}
              description: {Q(TextPlace.ApiDescription, "The fuzz API.")}
              version: '1'
            paths:
              /items/{"{id}"}:
                get:
                  operationId: getItem
                  summary: {Q(TextPlace.Summary, "Gets an item.")}
                  description: {Q(TextPlace.OperationDescription, "Gets one item by id.")}
                  parameters:
                    - name: id
                      in: path
                      required: true
                      description: {Q(TextPlace.ParameterDescription, "The item id.")}
                      schema:
                        type: string
                    - name: {Q(TextPlace.QueryName, "tag")}
                      in: query
                      schema:
                        type: string
                    - name: {Q(TextPlace.HeaderName, "X-Trace-Id")}
                      in: header
                      schema:
                        type: string
                  responses:
                    '200':
                      description: {Q(TextPlace.ResponseDescription, "The item.")}
                      content:
                        application/json:
                          schema:
                            $ref: '#/components/schemas/Item'
                    '404':
                      description: {Q(TextPlace.ErrorResponseDescription, "No such item.")}
                      content:
                        application/json:
                          schema:
                            $ref: '#/components/schemas/Problem'
                    '500':
                      description: {Q(TextPlace.ErrorResponseDescription, "The server failed.")}
                      content:
                        application/json:
                          schema:
                            $ref: '#/components/schemas/ServerError'
            components:
              schemas:
                Item:
                  type: object
                  title: {Q(TextPlace.SchemaTitle, "An item")}
                  description: {Q(TextPlace.SchemaDescription, "An item in stock.")}
                  required: [id]
                  properties:
                    id:
                      type: string
                      title: {Q(TextPlace.PropertyTitle, "Id")}
                      description: {Q(TextPlace.PropertyDescription, "The id.")}
                      pattern: {Q(TextPlace.Pattern, "^[a-z0-9-]+$")}
                    name:
                      type: string
                      default: {Q(TextPlace.Default, "unnamed")}
                    kind:
                      $ref: '#/components/schemas/Kind'
                Kind:
                  type: string
                  description: {Q(TextPlace.SchemaDescription, "The kind of item.")}
                  enum: [{Q(TextPlace.EnumValue, "tool")}, plain]
                Problem:
                  type: object
                  description: {Q(TextPlace.ErrorSchemaDescription, "A problem.")}
                  properties:
                    message:
                      type: string
                      description: {Q(TextPlace.ErrorPropertyDescription, "What went wrong.")}
                    detail:
                      type: string
                      description: {Q(TextPlace.ErrorPropertyDescription, "More about it.")}
                ServerError:
                  type: object
                  properties:
                    message:
                      type: string

            """;
        var path = place == TextPlace.FileName ? "/fuzz/api" + text + ".yaml" : SpecCheck.SpecPath;
        var ns = place == TextPlace.Namespace ? Value(place, text) : SpecCheck.DefaultNamespace;
        return new HostileTextSpec(place, text, yaml, path, ns);
    }

    /// <summary>The text in its place: a pattern keeps a prefix a quantifier can follow, names keep a plain part.</summary>
    private static string Value(TextPlace place, string text) => place switch
    {
        TextPlace.Pattern => "^a" + text + "$",
        TextPlace.QueryName => "tag" + text,
        TextPlace.HeaderName => "X-" + text + "-Id",
        TextPlace.Namespace => "Contoso.Api" + text,
        _ => text,
    };

    /// <summary>A YAML double-quoted scalar holding exactly <paramref name="text"/> (every character YAML cannot hold raw escaped).</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when c < ' ' || (c >= '\u007F' && c <= '\u009F') || c is '\u2028' or '\u2029' or '\uFEFF' || char.IsSurrogate(c)
                    => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Namespaces that differ only in case

    private static readonly string[] CaseVariants = ["Contoso.Api", "Contoso.API", "contoso.api", "CONTOSO.Api", "Contoso.aPI"];

    private static readonly string[] TypeNames = ["Item", "Order", "Problem", "ITEM", "item"];

    /// <summary>
    /// 2 to 4 <c>ApiSpec</c> items in one compilation with namespaces that differ only in case (sometimes the same one),
    /// the same or other client names, and sharing some type names or none.
    /// </summary>
    public static readonly Gen<CaseOnlySpecs> CaseOnlyNamespaces =
        Gen.Int[2, 4].SelectMany(n => Gen.Select(
                Gen.OneOf(CaseVariants).Array[n],
                Gen.OneOf("Api", "Shop").Array[n],
                Gen.Int[1, 3].Array[n],
                Gen.Int[0, TypeNames.Length - 1].Array[3 * n])
            .Select((namespaces, clients, counts, types) => new CaseOnlySpecs(Enumerable.Range(0, n).Select(i =>
                new CaseOnlySpec($"/fuzz/api{i}.yaml", namespaces[i], clients[i], Spec(i, types.Skip(3 * i).Take(counts[i]).Select(t => TypeNames[t]).Distinct(StringComparer.Ordinal).ToList())))
                .ToList())));

    private static string Spec(int index, IReadOnlyList<string> types)
    {
        var text = new StringBuilder($"openapi: 3.1.0\ninfo: {{title: Spec {index}, version: '1'}}\npaths:\n  /things{index}:\n    get:\n      operationId: getThing{index}\n");
        text.Append($"      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/{types[0]}'}}\n");
        text.Append("components:\n  schemas:\n");
        foreach (var type in types)
        {
            text.Append($"    {type}:\n      type: object\n      properties:\n        name: {{type: string}}\n        from{index}: {{type: integer}}\n");
        }

        return text.ToString();
    }

    public sealed record CaseOnlySpec(string Path, string Namespace, string ClientName, string Yaml);

    public sealed record CaseOnlySpecs(IReadOnlyList<CaseOnlySpec> Specs)
    {
        public SpecCheck.SpecItem[] Items => Specs.Select(s => new SpecCheck.SpecItem(new InMemoryAdditionalText(s.Path, s.Yaml), s.Namespace, s.ClientName, MustGenerate: true)).ToArray();

        public override string ToString() =>
            string.Join("\n", Specs.Select(s => $"--- {s.Path}: Namespace=\"{s.Namespace}\" ClientName=\"{s.ClientName}\"\n{s.Yaml}"));
    }
}
