using System.Linq;
using StageGen.Generator.Model;

namespace StageGen.Generator.Emit;

/// <summary>
/// Extensible string enums: known values are static members, any other string is kept as is and round-trips, so a value
/// the service adds later never breaks a client.
/// </summary>
internal static class EnumEmitter
{
    public static bool Emit(ClientModel model, SourceWriter writer)
    {
        for (var i = 0; i < model.Enums.Count; i++)
        {
            if (i > 0)
            {
                writer.Line();
            }

            if (model.Enums[i].IntegerType is { } integer)
            {
                EmitIntegerEnum(model.Enums[i], integer, writer);
            }
            else
            {
                EmitEnum(model.Enums[i], writer);
            }
        }

        return model.Enums.Count > 0;
    }

    private static void EmitIntegerEnum(EnumModel type, string integer, SourceWriter writer)
    {
        writer.Summary(type.Description ?? $"The {type.Name} values.");
        writer.Doc("remarks", $"Known values: {string.Join(", ", type.Members.Select(m => m.Value))}. Any other number the service sends is kept, as a value no member names, and sent back unchanged.");
        Docs.Obsolete(type.Deprecated, writer);
        writer.Line(SourceFiles.GeneratedCode);
        using (writer.Block(integer == "int" ? $"public enum {type.Name}" : $"public enum {type.Name} : {integer}"))
        {
            for (var i = 0; i < type.Members.Count; i++)
            {
                if (i > 0)
                {
                    writer.Line();
                }

                var member = type.Members[i];
                writer.RawSummary($"<c>{member.Value}</c>");
                writer.Line($"{member.Name} = {member.Value},");
            }
        }
    }

    private static void EmitEnum(EnumModel type, SourceWriter writer)
    {
        var name = type.Name;
        writer.Summary(type.Description ?? $"The {name} values.");
        writer.Doc("remarks", $"Known values: {string.Join(", ", type.Members.Select(m => m.Value.Length == 0 ? "the empty string" : m.Value))}. Any other value the service sends is kept and sent back unchanged.");
        Docs.Obsolete(type.Deprecated, writer);
        writer.Line(SourceFiles.GeneratedCode);
        writer.Line("[global::System.Diagnostics.DebuggerDisplay(\"{Value}\")]");
        using (writer.Block($"public readonly partial struct {name} : global::System.IEquatable<{name}>, {CSharp.CompilerServices}.IExtensibleEnum"))
        {
            writer.Line("private readonly string? _value;");
            writer.Line();
            writer.Summary("Wraps any value, known or not.");
            writer.Line($"public {name}(string value) => _value = value ?? throw new global::System.ArgumentNullException(nameof(value));");
            foreach (var member in type.Members)
            {
                writer.Line();
                if (member.Value.Length == 0)
                {
                    writer.Summary("The empty string.");
                }
                else
                {
                    writer.RawSummary($"<c>{member.Value}</c>");
                }

                writer.Line($"public static {name} {member.Name} {{ get; }} = new({CSharp.Literal(member.Value)});");
            }

            writer.Line();
            writer.Summary("Every value the spec names.");
            writer.Line($"public static global::System.Collections.Generic.IReadOnlyList<{name}> KnownValues {{ get; }} = new[] {{ {CSharp.Join(type.Members.Select(m => m.Name))} }};");
            writer.Line();
            writer.Summary("The value as sent on the wire.");
            writer.Line("public string Value => _value ?? string.Empty;");
            writer.Line();
            writer.Summary("Whether the spec names this value.");
            if (type.IsLarge)
            {
                // A set built once, not a pattern: the compiler's cost for `Value is "a" or "b" or …` grows faster than
                // the number of values (minutes for 10,000).
                writer.Line("public bool IsKnown => s_known.Contains(Value);");
                writer.Line();
                writer.Line($"private static readonly global::System.Collections.Generic.HashSet<string> s_known = new(global::System.Linq.Enumerable.Select(KnownValues, static known => known.Value), global::System.StringComparer.Ordinal);");
            }
            else
            {
                writer.Line($"public bool IsKnown => Value is {string.Join(" or ", type.Members.Select(m => CSharp.Literal(m.Value)))};");
            }
            writer.Line();
            writer.Line($"public bool Equals({name} other) => string.Equals(Value, other.Value, global::System.StringComparison.Ordinal);");
            writer.Line();
            writer.Line($"public override bool Equals(object? obj) => obj is {name} other && Equals(other);");
            writer.Line();
            writer.Line("public override int GetHashCode() => global::System.StringComparer.Ordinal.GetHashCode(Value);");
            writer.Line();
            writer.Line("public override string ToString() => Value;");
            writer.Line();
            writer.Line($"public static bool operator ==({name} left, {name} right) => left.Equals(right);");
            writer.Line();
            writer.Line($"public static bool operator !=({name} left, {name} right) => !left.Equals(right);");
            writer.Line();
            writer.Summary("Wraps a value; null throws, as it does for the constructor.");
            writer.Line($"public static explicit operator {name}(string value) => new(value);");
            writer.Line();
            // Implicit to the nullable type only: `flag ? X.A : null` is then null (absent), never a conversion of
            // null that throws, and `X? member = text` keeps a null text absent.
            writer.Summary("Wraps a value; null stays null (absent).");
            writer.Line($"public static implicit operator {name}?(string? value) => value is null ? default({name}?) : new {name}(value);");
        }
    }
}
