using System.Collections.Generic;
using System.Linq;
using StageGen.Generator.Model;

namespace StageGen.Generator.Emit;

/// <summary>
/// A union's reader and writer. The reader goes by the JSON token: a string, number, boolean or array is the first
/// variant of that kind that takes the value; an object is the variant its discriminator names, or the object variant
/// whose shape it fits best (<c>JsonUnion.BestVariant</c>), or a map. A value no variant takes is kept as raw JSON.
/// </summary>
internal static partial class JsonEmitter
{
    private const string JsonUnion = CSharp.CompilerServices + ".JsonUnion";

    private static void EmitUnionMethods(ClientModel model, ObjectModel type, UnionModel union, SourceWriter writer)
    {
        var name = type.Name;
        var shaped = union.DiscriminatorJsonName is null ? union.Variants.Where(v => v.Type.Kind == TypeKind.Object).ToList() : new List<UnionVariantModel>();
        if (shaped.Count > 0)
        {
            writer.Line();
            using (writer.Block($"private static readonly {CSharp.CompilerServices}.JsonVariantShape[] {union.VariantsField} =", "};"))
            {
                foreach (var variant in shaped)
                {
                    writer.Line($"new({Strings(variant.RequiredMembers)}, {Strings(variant.DeclaredMembers)}, {Strings(variant.FixedMembers)}),");
                }
            }
        }

        writer.Line();
        writer.RawSummary($"Reads a <see cref=\"{CSharp.Qualified(model, name)}\"/> from a whole UTF-8 JSON document.");
        writer.Line($"/// <exception cref=\"{CSharp.Json}.JsonException\">The JSON is malformed, or the variant it is read as does not fit it; the message names the member and byte offset.</exception>");
        writer.Line($"public static {name} {type.DeserializeMethod}(global::System.ReadOnlySpan<byte> utf8Json) => {ApiJson}.Deserialize(utf8Json, {type.ReadMethod});");
        writer.Line();
        writer.RawSummary($"Writes a <see cref=\"{CSharp.Qualified(model, name)}\"/> as UTF-8 JSON: the member that is set.");
        writer.Line($"public static byte[] Serialize({name} value) => {ApiJson}.Serialize(value, Write);");
        writer.Line();
        writer.RawSummary($"Reads a <see cref=\"{CSharp.Qualified(model, name)}\"/> from the reader, which is on its first token: the variant the value is.");
        using (writer.Block($"public static {name} {type.ReadMethod}(ref {CSharp.Json}.Utf8JsonReader reader)"))
        {
            writer.Line($"var member = {CSharp.Literal(type.SchemaName)};");
            using (writer.Block("switch (reader.TokenType)"))
            {
                EmitObjectCase(model, type, union, shaped, writer);
                EmitTokenCase(model, type, union, new[] { $"{Token}.String" }, TakesString, writer);
                EmitTokenCase(model, type, union, new[] { $"{Token}.Number" }, TakesNumber, writer);
                EmitTokenCase(model, type, union, new[] { $"{Token}.True", $"{Token}.False" }, v => v.Type.Kind == TypeKind.Boolean ? "" : null, writer);
                EmitTokenCase(model, type, union, new[] { $"{Token}.StartArray" }, v => v.Type.Kind == TypeKind.List ? "" : null, writer);
            }

            var rest = union.Variants.FirstOrDefault(v => v.Type.Kind == TypeKind.Json);
            writer.Line($"return new {name} {{ {rest?.Name ?? union.UnknownName} = {ApiJson}.ReadElement(ref reader, member) }};");
        }

        writer.Line();
        writer.RawSummary($"Writes a <see cref=\"{CSharp.Qualified(model, name)}\"/>: the member that is set (the first, if several are), or null when none is.");
        using (writer.Block($"public static void Write({CSharp.Json}.Utf8JsonWriter writer, {name} value)"))
        {
            for (var i = 0; i < union.Variants.Count; i++)
            {
                var variant = union.Variants[i];
                // The empty string has one value: nothing of it to pass on.
                var test = variant.Type.Kind == TypeKind.EmptyString ? "is not null" : $"is {{ }} variant{i + 1}";
                using (writer.Block($"if (value.{variant.Name} {test})"))
                {
                    writer.Line(WriteValue(variant.Type, $"variant{i + 1}") + ";");
                    writer.Line("return;");
                }

                writer.Line();
            }

            using (writer.Block($"if (value.{union.UnknownName} is {{ }} unknown)"))
            {
                writer.Line("unknown.WriteTo(writer);");
                writer.Line("return;");
            }

            writer.Line();
            writer.Line("writer.WriteNullValue();");
        }
    }

    /// <summary>An object: by the discriminator's value, else by the variants' shapes, else the first map variant.</summary>
    private static void EmitObjectCase(ClientModel model, ObjectModel type, UnionModel union, List<UnionVariantModel> shaped, SourceWriter writer)
    {
        var map = union.Variants.FirstOrDefault(v => v.Type.Kind == TypeKind.Map);
        var named = union.DiscriminatorJsonName is null ? new List<UnionVariantModel>() : union.Variants.Where(v => v.DiscriminatorValues.Count > 0).ToList();
        if (shaped.Count == 0 && named.Count == 0 && map is null)
        {
            return;
        }

        using (writer.Indented($"case {Token}.StartObject:"))
        {
            if (named.Count > 0)
            {
                using (writer.Block($"switch ({JsonUnion}.Discriminator(reader, {CSharp.Literal(union.DiscriminatorJsonName!)}u8))"))
                {
                    foreach (var variant in named)
                    {
                        foreach (var value in variant.DiscriminatorValues)
                        {
                            writer.Line($"case {CSharp.Literal(value)}:");
                        }

                        writer.Line($"    {Construct(model, type, variant)}");
                    }
                }
            }
            else if (shaped.Count > 0)
            {
                using (writer.Block($"switch ({JsonUnion}.BestVariant(reader, {union.VariantsField}))"))
                {
                    for (var i = 0; i < shaped.Count; i++)
                    {
                        writer.Line($"case {i}:");
                        writer.Line($"    {Construct(model, type, shaped[i])}");
                    }
                }
            }

            if (map is not null)
            {
                writer.Line(Construct(model, type, map));
            }
            else
            {
                writer.Line("break;");
            }
        }
    }

    /// <summary>
    /// A token of one kind: each variant that may take it in turn, tried by the condition <paramref name="takes"/>
    /// gives (empty: it takes any value of the token; null: not of this kind). A variant that takes any ends the case.
    /// </summary>
    private static void EmitTokenCase(ClientModel model, ObjectModel type, UnionModel union, string[] tokens, System.Func<UnionVariantModel, string?> takes, SourceWriter writer)
    {
        var candidates = union.Variants.Select(v => (Variant: v, Condition: takes(v))).Where(c => c.Condition is not null).ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        // An enum takes only its known values while another variant of strings follows it; the last takes any.
        var lastString = candidates.Last().Variant;
        for (var i = 0; i < tokens.Length - 1; i++)
        {
            writer.Line($"case {tokens[i]}:");
        }

        using (writer.Indented($"case {tokens[tokens.Length - 1]}:"))
        {
            foreach (var (variant, condition) in candidates)
            {
                var test = variant.Type.Kind == TypeKind.Enum && variant != lastString ? $"new {CSharp.Qualified(model, variant.Type.Name!)}(reader.GetString()!).IsKnown" : condition!;
                if (test.Length == 0)
                {
                    writer.Line(Construct(model, type, variant));
                    return;
                }

                using (writer.Block($"if ({test})"))
                {
                    writer.Line(Construct(model, type, variant));
                }
            }

            writer.Line("break;");
        }
    }

    private static string? TakesString(UnionVariantModel variant) => variant.Type.Kind switch
    {
        TypeKind.String or TypeKind.Uri or TypeKind.Enum => "",
        TypeKind.DateTimeOffset => "reader.TryGetDateTimeOffset(out _)",
        TypeKind.Guid => "reader.TryGetGuid(out _)",
        TypeKind.Bytes => "reader.TryGetBytesFromBase64(out _)",
        TypeKind.DateOnly => $"{JsonUnion}.IsDate(reader)",
        TypeKind.EmptyString => "reader.ValueTextEquals(\"\"u8)",
        _ => null,
    };

    private static string? TakesNumber(UnionVariantModel variant) => variant.Type.Kind switch
    {
        TypeKind.Int32 => "reader.TryGetInt32(out _)",
        TypeKind.Int64 => "reader.TryGetInt64(out _)",
        TypeKind.IntegerEnum => "reader.TryGetInt64(out _)",
        TypeKind.Double or TypeKind.Single => "",
        _ => null,
    };

    private static string Construct(ClientModel model, ObjectModel type, UnionVariantModel variant) =>
        $"return new {type.Name} {{ {variant.Name} = {JsonReaders.Value(model, variant.Type, "member", type.SchemaName, "")} }};";

    private static string Strings(Common.EquatableArray<string> values) =>
        values.Count == 0 ? "global::System.Array.Empty<string>()" : $"new[] {{ {string.Join(", ", values.Select(CSharp.Literal))} }}";
}
