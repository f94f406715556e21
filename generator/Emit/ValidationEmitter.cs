using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using StageGen.Generator.Model;

namespace StageGen.Generator.Emit;

/// <summary>
/// Validators from the spec's constraints, for every DTO a request can carry and for each operation's parameters. They
/// report every failure with its path, never throw for bad input, and allocate nothing when the input is valid (paths
/// are built on error only).
/// </summary>
internal static partial class ValidationEmitter
{
    private const string Errors = CSharp.CompilerServices + ".ValidationErrors";
    private const string Result = CSharp.Runtime + ".ValidationResult";

    public static bool Emit(ClientModel model, SourceWriter writer)
    {
        var context = new Context(model);
        var body = new SourceWriter();
        foreach (var type in model.Objects.Where(o => o.Validated))
        {
            EmitObjectValidator(context, type, body);
        }

        foreach (var operation in model.Operations)
        {
            EmitParameterValidator(context, operation, body);
        }

        writer.Summary($"Checks {model.ClientName} values against the spec's rules before they are sent.");
        writer.Line(SourceFiles.GeneratedCode);
        using (writer.Block($"public static partial class {model.ValidationClassName}"))
        {
            EmitPatterns(model, writer);
            EmitKnownIntegers(context, writer);
            writer.Append(body);
        }

        return true;
    }

    /// <summary>
    /// The patterns' fields and methods, as the binder decided and named them: the <c>SearchValues</c> of the checks
    /// without a regex, the runtime's <c>SpecPattern</c> for the others, and one <c>MatchesPattern{n}(value)</c> each.
    /// </summary>
    private static void EmitPatterns(ClientModel model, SourceWriter writer)
    {
        foreach (var pattern in model.Patterns.Where(p => p.Strategy == PatternStrategy.Regex))
        {
            writer.Line($"private static readonly {CSharp.CompilerServices}.SpecPattern {pattern.RegexField} = new({CSharp.Literal(pattern.Translated!)});");
        }

        foreach (var set in model.CharacterSets)
        {
            writer.Line($"private static readonly global::System.Buffers.SearchValues<char> {set.FieldName} = global::System.Buffers.SearchValues.Create({CSharp.Literal(set.Characters)});");
        }

        foreach (var pattern in model.Patterns)
        {
            var check = pattern.Strategy == PatternStrategy.Regex ? $"{pattern.RegexField}.IsMatch(value)" : PatternExpression.Of(pattern, "value");
            writer.Line();
            writer.RawSummary($"Whether <paramref name=\"value\"/> matches <c>{pattern.Pattern}</c>.");
            writer.Line($"private static bool {pattern.MethodName}(string value) => {check};");
        }

        writer.Line();
    }

    /// <summary>One <c>IsKnown{Enum}(value)</c> per integer enum that is checked: whether the spec names the number.</summary>
    private static void EmitKnownIntegers(Context context, SourceWriter writer)
    {
        foreach (var type in context.CheckedIntegers)
        {
            var known = type.Members.Count == 0 ? "false" : "value is " + string.Join(" or ", type.Members.Select(m => $"{CSharp.Qualified(context.Model, type.Name)}.{m.Name}"));
            writer.RawSummary($"Whether the spec names <paramref name=\"value\"/>.");
            writer.Line($"private static bool {type.KnownMethod}({CSharp.Qualified(context.Model, type.Name)} value) => {known};");
            writer.Line();
        }
    }

    private static void EmitObjectValidator(Context context, ObjectModel type, SourceWriter writer)
    {
        writer.RawSummary($"Checks a <see cref=\"{CSharp.Qualified(context.Model, type.Name)}\"/> against the spec; reports every broken rule with its path.");
        writer.Line($"public static {Result} Validate({type.Name} value) => {Errors}.Validate(value, Validate);");
        writer.Line();
        writer.RawSummary($"Adds the broken rules of a <see cref=\"{CSharp.Qualified(context.Model, type.Name)}\"/> to <paramref name=\"errors\"/>, with paths relative to it.");
        writer.Line(CSharp.HiddenFromEditors);
        using (writer.Block($"public static void Validate({type.Name} value, ref {Errors} errors)"))
        {
            if (type.HasDerived)
            {
                // A derived record's validator has its rules and this one's.
                for (var i = 0; i < type.DerivedNames.Count; i++)
                {
                    using (writer.Block($"if (value is {CSharp.Qualified(context.Model, type.DerivedNames[i])} derived{i + 1})"))
                    {
                        writer.Line($"Validate(derived{i + 1}, ref errors);");
                        writer.Line("return;");
                    }

                    writer.Line();
                }

                writer.Line($"{ObjectModel.ValidateMembersMethod}(value, ref errors);");
            }
            else
            {
                EmitOwnRules(context, type, writer);
            }
        }

        writer.Line();
        if (type.HasDerived)
        {
            writer.RawSummary($"Adds the broken rules of a <see cref=\"{CSharp.Qualified(context.Model, type.Name)}\"/>'s own members and its base's, whatever record the value is.");
            writer.Line(CSharp.HiddenFromEditors);
            using (writer.Block($"public static void {ObjectModel.ValidateMembersMethod}({type.Name} value, ref {Errors} errors)"))
            {
                EmitOwnRules(context, type, writer);
            }

            writer.Line();
        }
    }

    /// <summary>The base record's rules (its members' method, not its run-time dispatch), then the record's own members' and variants'.</summary>
    private static void EmitOwnRules(Context context, ObjectModel type, SourceWriter writer)
    {
        if (type.BaseName is { } baseName)
        {
            writer.Line($"{ObjectModel.ValidateMembersMethod}(({CSharp.Qualified(context.Model, baseName)})value, ref errors);");
        }

        foreach (var property in type.Properties.Where(p => !p.ReadOnly && !p.Inherited))
        {
            EmitMemberCheck(context, property, writer);
        }

        EmitVariantChecks(context, type, writer);
    }

    private static void EmitMemberCheck(Context context, PropertyModel property, SourceWriter writer)
    {
        var access = "value." + property.Name;
        var local = property.Local;
        var path = CSharp.Literal(property.JsonName);
        var checks = new SourceWriter();
        EmitValueChecks(context, property.Type, local, path, checks);
        var hasChecks = !checks.IsEmpty;
        var mustExist = property.Required && !property.Type.AllowsNull && !property.Type.IsValueType;

        if (property.Required && !property.Type.AllowsNull && property.Type.IsValueType)
        {
            if (hasChecks && IsOneNullTolerantCheck(property.Type))
            {
                EmitValueChecks(context, property.Type, access, path, writer);
            }
            else if (hasChecks)
            {
                writer.Line($"var {local} = {access};");
                Append(writer, checks);
            }

            return;
        }

        if (!hasChecks && !mustExist)
        {
            return;
        }

        if (!mustExist && !property.IsOptionalWrapper && IsOneNullTolerantCheck(property.Type))
        {
            // The runtime's check takes null as absent: no null test of our own.
            EmitValueChecks(context, property.Type, access, path, writer);
            return;
        }

        var condition = property.IsOptionalWrapper ? $"{access}.HasValue && {access}.Value is {{ }} {local}" : $"{access} is {{ }} {local}";
        if (hasChecks)
        {
            using (writer.Block($"if ({condition})"))
            {
                Append(writer, checks);
            }
        }

        if (mustExist && !hasChecks)
        {
            EmitRequired(path, access, checks, writer);
        }
        else if (mustExist)
        {
            using (writer.Block("else"))
            {
                writer.Line($"errors.Add({path}, \"required\", \"is required\");");
            }
        }
    }

    private static void Append(SourceWriter writer, SourceWriter checks) => writer.Append(checks);

    /// <summary>
    /// Whether a value's checks are one runtime call that skips null: a string's text check alone, an enum's, a number's
    /// finiteness alone, an object's validator, a map's entries or a list's items with no count rule.
    /// </summary>
    private static bool IsOneNullTolerantCheck(TypeModel type) => type.Kind switch
    {
        TypeKind.String => type.Constraints.MinLength is null && type.Constraints.MaxLength is null && type.Constraints.Pattern is null,
        TypeKind.Double or TypeKind.Single => type.Constraints.Minimum is null && type.Constraints.Maximum is null,
        TypeKind.Object or TypeKind.Enum => true,
        TypeKind.Map or TypeKind.List => type.Constraints.MinItems is null && type.Constraints.MaxItems is null && !type.Constraints.UniqueItems,
        _ => false,
    };

    private static void EmitParameterValidator(Context context, OperationModel operation, SourceWriter writer)
    {
        var parameters = operation.Parameters;
        var signature = string.Join(", ", parameters.Select(p => $"{CSharp.TypeName(p.Type)}{(p.Required && !p.Type.AllowsNull ? "" : "?")} {p.Name}"));
        var arguments = string.Join(", ", parameters.Select(p => p.Name));
        var separator = parameters.Count > 0 ? ", " : "";
        if (operation.SameParametersAs is { } owner)
        {
            writer.RawSummary($"Checks the parameters of <c>{operation.Name}</c> against the spec, the same as <c>{owner}</c>'s.");
            writer.Line($"public static {Result} Validate{operation.Name}Parameters({signature}) => Validate{owner}Parameters({arguments});");
            writer.Line();
            writer.RawSummary($"Adds the broken rules of the <c>{operation.Name}</c> parameters to <paramref name=\"errors\"/>; each path is the parameter's name.");
            writer.Line(CSharp.HiddenFromEditors);
            writer.Line($"public static void Validate{operation.Name}Parameters({signature}{separator}ref {Errors} errors) => Validate{owner}Parameters({arguments}{separator}ref errors);");
            writer.Line();
            return;
        }

        writer.RawSummary($"Checks the parameters of <c>{operation.Name}</c> against the spec.");
        writer.Line($"public static {Result} Validate{operation.Name}Parameters({signature})");
        writer.Line("{");
        writer.Line($"    var errors = new {Errors}();");
        writer.Line($"    Validate{operation.Name}Parameters({arguments}{separator}ref errors);");
        writer.Line("    return errors.ToResult();");
        writer.Line("}");
        writer.Line();
        writer.RawSummary($"Adds the broken rules of the <c>{operation.Name}</c> parameters to <paramref name=\"errors\"/>; each path is the parameter's name.");
        writer.Line(CSharp.HiddenFromEditors);
        using (writer.Block($"public static void Validate{operation.Name}Parameters({signature}{separator}ref {Errors} errors)"))
        {
            foreach (var parameter in parameters)
            {
                var path = CSharp.Literal(parameter.WireName);
                if (!(parameter.Required && !parameter.Type.AllowsNull) && IsOneNullTolerantCheck(parameter.Type))
                {
                    EmitValueChecks(context, parameter.Type, parameter.Name, path, writer);
                    continue;
                }

                var checks = new SourceWriter();
                // A reference is checked as it is, once it is known not to be null; a nullable value through its value.
                var unwrap = parameter.Type.IsValueType && !(parameter.Required && !parameter.Type.AllowsNull);
                var local = unwrap ? parameter.ValueLocal : parameter.Name;
                EmitValueChecks(context, parameter.Type, local, path, checks);
                var nullable = !(parameter.Required && !parameter.Type.AllowsNull) || !parameter.Type.IsValueType;
                if (!nullable)
                {
                    Append(writer, checks);
                }
                else if (parameter.Required && !parameter.Type.AllowsNull)
                {
                    // A reference: the runtime reports it missing, or it is checked as it is.
                    EmitRequired(path, parameter.Name, checks, writer);
                }
                else if (!checks.IsEmpty)
                {
                    using (writer.Block(unwrap ? $"if ({parameter.Name} is {{ }} {local})" : $"if ({parameter.Name} is not null)"))
                    {
                        Append(writer, checks);
                    }
                }
            }
        }

        writer.Line();
    }

    /// <summary>A required reference <paramref name="value"/>: the <c>required</c> error when null, else its checks.</summary>
    private static void EmitRequired(string path, string value, SourceWriter checks, SourceWriter writer)
    {
        if (checks.IsEmpty)
        {
            writer.Line($"errors.CheckRequired({path}, {value});");
            return;
        }

        using (writer.Block($"if (errors.CheckRequired({path}, {value}))"))
        {
            Append(writer, checks);
        }
    }

    /// <summary>Checks a non-null value; errors are added at <paramref name="path"/> (a C# string literal).</summary>
    private static void EmitValueChecks(Context context, TypeModel type, string value, string path, SourceWriter writer)
    {
        var rules = type.Constraints;
        switch (type.Kind)
        {
            case TypeKind.String:
                EmitStringChecks(context, rules, value, path, key: false, writer);
                break;
            case TypeKind.Enum:
                writer.Line($"errors.CheckEnum({path}, {value}, {CSharp.Literal(string.Join(", ", context.EnumValues(type.Name!)))});");
                break;
            case TypeKind.IntegerEnum:
                var integers = context.CheckedInteger(type.Name!);
                writer.Line($"errors.CheckEnum({path}, {integers.KnownMethod}({value}), (long){value}, {CSharp.Literal(string.Join(", ", integers.Members.Select(m => m.Value)))});");
                break;
            case TypeKind.Int32:
            case TypeKind.Int64:
                EmitNumberChecks(rules, value, path, writer);
                break;
            case TypeKind.Double:
            case TypeKind.Single:
                writer.Line($"errors.CheckFinite({path}, {value});");
                EmitNumberChecks(rules, value, path, writer);
                break;
            case TypeKind.Object:
                writer.Line($"errors.CheckMember({path}, {value}, Validate);");
                break;
            case TypeKind.List:
                EmitCountChecks(rules, $"{value}.Count", "item", "Items", path, writer);
                if (rules.UniqueItems)
                {
                    writer.Line($"errors.CheckUnique({path}, {value});");
                }

                EmitListItems(context, type, value, path, writer);
                break;
            case TypeKind.Map:
                EmitCountChecks(rules, $"{value}.Count", "entry", "Properties", path, writer);
                EmitMapEntries(context, type, value, path, writer);
                break;
        }
    }

    private static void EmitStringChecks(Context context, ConstraintModel rules, string value, string path, bool key, SourceWriter writer)
    {
        // Every string, constrained or not: JSON carries text, and an unpaired surrogate would be sent as U+FFFD.
        var isKey = key ? ", isKey: true" : "";
        writer.Line($"errors.CheckText({path}, {value}{isKey});");

        if (rules.MinLength is not null || rules.MaxLength is not null)
        {
            var min = rules.MinLength?.ToString(CultureInfo.InvariantCulture) ?? "null";
            var max = rules.MaxLength?.ToString(CultureInfo.InvariantCulture) ?? "null";
            writer.Line($"errors.CheckLength({path}, {value}, {min}, {max}{isKey});");
        }

        if (rules.Pattern is { } pattern)
        {
            var message = (key ? "the name must match the pattern " : "must match the pattern ") + pattern;
            writer.Line($"errors.CheckPattern({path}, {context.PatternMethod(pattern)}({value}), {CSharp.Literal(message)}{isKey});");
        }
    }

    private static void EmitNumberChecks(ConstraintModel rules, string value, string path, SourceWriter writer)
    {
        if (rules.Minimum is { } min)
        {
            var (op, words) = min.Exclusive ? ("<=", "greater than") : ("<", "at least");
            using (writer.Block($"if ({value} {op} {Number(min.Value)})"))
            {
                writer.Line($"errors.Add({path}, \"{(min.Exclusive ? "exclusiveMinimum" : "minimum")}\", \"must be {words} {min.Value} (is \" + {value}.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \")\");");
            }
        }

        if (rules.Maximum is { } max)
        {
            var (op, words) = max.Exclusive ? (">=", "less than") : (">", "at most");
            using (writer.Block($"if ({value} {op} {Number(max.Value)})"))
            {
                writer.Line($"errors.Add({path}, \"{(max.Exclusive ? "exclusiveMaximum" : "maximum")}\", \"must be {words} {max.Value} (is \" + {value}.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \")\");");
            }
        }
    }

    /// <summary>A bound as a C# literal that compares with int, long, float and double alike.</summary>
    private static string Number(string value) =>
        value.Contains(".") || value.Contains("E") || value.Contains("e") ? value + "d"
        : long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? value + "L"
        : value + "d";

    /// <summary>A list's (<c>minItems</c>, <c>maxItems</c>) or a map's (<c>minProperties</c>, <c>maxProperties</c>) count rules.</summary>
    private static void EmitCountChecks(ConstraintModel rules, string count, string unit, string counted, string path, SourceWriter writer)
    {
        if (rules.MinItems is { } min)
        {
            using (writer.Block($"if ({count} < {min})"))
            {
                writer.Line($"errors.Add({path}, \"min{counted}\", \"must have at least {min} {Plural(unit, min)} (has \" + {count} + \")\");");
            }
        }

        if (rules.MaxItems is { } max)
        {
            using (writer.Block($"if ({count} > {max})"))
            {
                writer.Line($"errors.Add({path}, \"max{counted}\", \"must have at most {max} {Plural(unit, max)} (has \" + {count} + \")\");");
            }
        }
    }

    private static string Plural(string unit, long count) => count == 1 ? unit : unit == "entry" ? "entries" : unit + "s";

    /// <summary>A list's items, each checked by a static lambda the runtime calls for every item.</summary>
    private static void EmitListItems(Context context, TypeModel type, string value, string path, SourceWriter writer)
    {
        var checks = new SourceWriter();
        EmitElementChecks(context, type.Element!, "item", checks);
        if (checks.IsEmpty)
        {
            return;
        }

        var elementType = CSharp.ElementTypeName(type.Element!);
        using (writer.Block($"errors.CheckItems({path}, {value}, static ({elementType} item, ref {Errors} errors) =>", "});"))
        {
            Append(writer, checks);
        }
    }

    /// <summary>
    /// A map's entries, each checked by a static lambda the runtime calls for every entry (enumerating a
    /// <c>Dictionary</c> without allocating); a map of objects with free keys by the runtime and the objects' validator.
    /// </summary>
    private static void EmitMapEntries(Context context, TypeModel type, string value, string path, SourceWriter writer)
    {
        var element = type.Element!;
        var keys = type.KeyConstraints;
        if (element.Kind == TypeKind.Object && !element.AllowsNull && keys.MinLength is null && keys.MaxLength is null && keys.Pattern is null)
        {
            writer.Line($"errors.CheckEntries({path}, {value}, Validate);");
            return;
        }

        var checks = new SourceWriter();
        EmitStringChecks(context, keys, "key", "\"\"", key: true, checks);
        EmitElementChecks(context, element, "item", checks);
        if (checks.IsEmpty)
        {
            return;
        }

        var elementType = CSharp.ElementTypeName(element);
        using (writer.Block($"errors.CheckEntries({path}, {value}, static (string key, {elementType} item, ref {Errors} errors) =>", "});"))
        {
            Append(writer, checks);
        }
    }

    /// <summary>Checks a list item or map value held in <paramref name="item"/>, at the relative path "".</summary>
    private static void EmitElementChecks(Context context, TypeModel element, string item, SourceWriter writer)
    {
        var checks = new SourceWriter();
        EmitValueChecks(context, element, item + "Value", "\"\"", checks);
        var hasChecks = !checks.IsEmpty;
        var nullable = element.AllowsNull || !element.IsValueType;
        if (!nullable)
        {
            EmitValueChecks(context, element, item, "\"\"", writer);
            return;
        }

        if (hasChecks)
        {
            using (writer.Block($"if ({item} is {{ }} {item}Value)"))
            {
                Append(writer, checks);
            }
        }

        if (!element.AllowsNull)
        {
            using (writer.Block(hasChecks ? "else" : $"if ({item} is null)"))
            {
                writer.Line("errors.Add(\"\", \"type\", \"must not be null\");");
            }
        }
    }

    /// <summary>The model's lookups the validators' methods need: a pattern's method, an enum's known values.</summary>
    private sealed class Context
    {
        public Context(ClientModel model) => Model = model;

        public ClientModel Model { get; }

        /// <summary>The method that checks a pattern, as the model names it.</summary>
        public string PatternMethod(string pattern) => Model.Patterns.First(p => p.Pattern == pattern).MethodName;

        /// <summary>An enum's values as an error message lists them: the empty string as <c>""</c>, so that it shows.</summary>
        public IEnumerable<string> EnumValues(string name) =>
            Model.EnumNamed(name).Members.Select(m => m.Value.Length == 0 ? "\"\"" : m.Value);

        /// <summary>The integer enums some check uses, in the order first used: each gets its known-value method.</summary>
        public List<EnumModel> CheckedIntegers { get; } = new();

        public EnumModel CheckedInteger(string name)
        {
            var type = Model.EnumNamed(name);
            if (!CheckedIntegers.Contains(type))
            {
                CheckedIntegers.Add(type);
            }

            return type;
        }
    }
}
