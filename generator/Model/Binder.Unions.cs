using System;
using System.Collections.Generic;
using System.Linq;
using StageGen.Generator.Common;
using StageGen.Generator.Spec;

namespace StageGen.Generator.Model;

/// <summary>
/// <c>oneOf</c>/<c>anyOf</c>. Most documents write simpler things with them, read as those things: one variant besides
/// <c>null</c> (3.1's way of saying nullable) is that variant, nullable; variants that are only <c>const</c>s (or
/// one-value enums) of one type are an enum of those values; variants that only add constraints to the object around
/// them (<c>required</c> lists) leave the object as it is. The rest is a union type: one member per variant, read by
/// the JSON token, then by the discriminator or the object's shape.
/// </summary>
internal sealed partial class Binder
{
    /// <summary>A schema with <c>oneOf</c>/<c>anyOf</c> written in one of the simpler forms above, as that form; any other schema as it is.</summary>
    private SchemaSpec Simplified(SchemaSpec schema)
    {
        if (schema.Variants.Count == 0 || schema.Ref is not null || schema.HasUnsupportedComposition)
        {
            return schema;
        }

        var variants = schema.Variants.Where(variant => !IsNullOnly(variant)).ToList();
        if (variants.Any(IsEmptyStringOnly) && variants.Any(TakesAnyString))
        {
            // Stripe's "unset" marker (`anyOf: [X, {enum: [""]}]`) beside a string that takes any string: the empty
            // string is one of its values already.
            return Simplified(schema with { Variants = schema.Variants.Where(variant => !IsEmptyStringOnly(variant)).ToEquatableArray() });
        }

        var nullable = variants.Count < schema.Variants.Count;
        var withNull = nullable && !schema.Types.Contains("null") ? schema.Types.Concat(new[] { "null" }).ToEquatableArray() : schema.Types;
        var plain = schema with { Variants = EquatableArray<SchemaSpec>.Empty, Types = withNull };
        if (variants.Count == 0)
        {
            return plain;
        }

        if (variants.All(IsConstraintOnly))
        {
            Report(DiagnosticDescriptors.ConstraintNotChecked, schema.VariantsLocation, "The variants of this 'oneOf'/'anyOf' only add constraints ('required', ...) to the schema around them; they are not checked");
            return plain;
        }

        if (HasOwnShape(schema))
        {
            return schema;
        }

        if (variants.Count == 1)
        {
            var only = variants[0];
            var types = nullable || schema.Types.Contains("null") ? only.Types.Concat(new[] { "null" }).Distinct().ToEquatableArray() : only.Types;
            return Simplified(only with
            {
                Types = types,
                Description = schema.Description ?? only.Description,
                ReadOnly = only.ReadOnly || schema.ReadOnly,
                WriteOnly = only.WriteOnly || schema.WriteOnly,
                Deprecated = only.Deprecated || schema.Deprecated,
                Default = only.Default ?? schema.Default,
                XmlName = schema.XmlName ?? only.XmlName,
            });
        }

        if (ConstantsType(schema, variants) is { } constantType)
        {
            return plain with
            {
                Types = new[] { constantType }.Concat(withNull.Where(t => t == "null")).ToEquatableArray(),
                Enum = variants.SelectMany(variant => variant.Enum).ToEquatableArray(),
                // Each constant's title names it (Discord's `{title: GUILD_TEXT, const: 0}`).
                EnumNames = variants.All(variant => variant.Title is { Length: > 0 })
                    ? variants.Select(variant => variant.Title!).ToEquatableArray() : EquatableArray<string>.Empty,
            };
        }

        return schema;
    }

    /// <summary>Whether <see cref="Simplified"/> leaves a union: a type with one member per variant.</summary>
    private static bool IsUnion(SchemaSpec schema) =>
        schema.Ref is null && !schema.HasUnsupportedComposition && schema.Variants.Count > 0 && !HasOwnShape(schema);

    /// <summary>Properties, items or a map beside the variants: a shape StageGen does not combine with them.</summary>
    private static bool HasOwnShape(SchemaSpec schema) =>
        schema.Properties.Count > 0 || schema.Items is not null || schema.AdditionalProperties is not null;

    private static bool IsNullOnly(SchemaSpec variant) =>
        variant.Ref is null && variant.Types.Count == 1 && variant.Types[0] == "null" && variant.Variants.Count == 0;

    /// <summary>
    /// A variant whose one value is the empty string (<c>enum: [""]</c>, <c>const: ""</c>): how Stripe says "send this to
    /// unset the member". In a union it is the runtime's <c>EmptyString</c>, not an enum type of its own.
    /// </summary>
    private static bool IsEmptyStringOnly(SchemaSpec variant) =>
        variant.Ref is null && variant.Enum.Count == 1 && variant.Enum[0].Value.Length == 0 && variant.Types.All(t => t == "string")
        && variant.Properties.Count == 0 && variant.Items is null && variant.AdditionalProperties is null && variant.Variants.Count == 0
        && !variant.HasUnsupportedComposition;

    /// <summary>A variant of strings without a format, pattern, enum or least length: it takes every string.</summary>
    private static bool TakesAnyString(SchemaSpec variant) =>
        variant.Ref is null && variant.Types.Count == 1 && variant.Types[0] == "string" && variant.Format is null
        && variant.Pattern is null && variant.Enum.Count == 0 && (variant.MinLength ?? 0) == 0 && variant.Variants.Count == 0
        && !variant.HasUnsupportedComposition;

    /// <summary>A variant that says nothing of the value's type: only <c>required</c>, descriptions and the like.</summary>
    private static bool IsConstraintOnly(SchemaSpec variant) =>
        variant.Ref is null && variant.Types.Count == 0 && variant.Properties.Count == 0 && variant.Items is null
        && variant.AdditionalProperties is null && variant.Enum.Count == 0 && variant.Variants.Count == 0
        && !variant.HasUnsupportedComposition && variant.Format is null;

    /// <summary>The type of variants that are each one constant of it (<c>const</c>, or an enum of one), else null.</summary>
    private static string? ConstantsType(SchemaSpec schema, List<SchemaSpec> variants)
    {
        if (!variants.All(v => v.Ref is null && v.Enum.Count == 1 && v.Properties.Count == 0 && v.Variants.Count == 0 && v.Items is null))
        {
            return null;
        }

        var types = variants.SelectMany(v => v.Types).Concat(schema.Types).Where(t => t != "null").Distinct().ToList();
        return types.Count switch
        {
            0 => "string",
            1 => types[0],
            _ => null,
        };
    }

    /// <summary>A union type named <paramref name="name"/>: a member per variant, named after its type.</summary>
    private ObjectModel BindUnion(string name, string schemaName, SchemaSpec schema)
    {
        // A reference listed twice (Stream's ChatEvent lists AnyEvent twice, for two discriminator values) is one variant.
        var variants = schema.Variants.Where(variant => !IsNullOnly(variant)).ToList();
        variants = variants.Where((variant, i) => variant.Ref is not { } reference || variants.FindIndex(v => v.Ref?.Value == reference.Value) == i).ToList();
        var taken = new HashSet<string>(RecordMembers, StringComparer.Ordinal) { name };
        var models = new List<UnionVariantModel>();
        for (var i = 0; i < variants.Count; i++)
        {
            var variant = variants[i];
            var context = name + (variant.Title is { Length: > 0 } title ? Pascal(title) : "Option" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            var type = IsEmptyStringOnly(variant)
                ? new TypeModel(TypeKind.EmptyString, null, null, ConstraintModel.None, ConstraintModel.None, AllowsNull: false)
                : BindType(variant, context) with { AllowsNull = false };
            var member = Free(VariantName(type), taken.Contains, suffix: "");
            taken.Add(member);
            models.Add(Shaped(new UnionVariantModel(member, type), variant, schema.Discriminator));
        }

        var unknown = Free("Unknown", taken.Contains, suffix: "");
        var union = new UnionModel(models.ToEquatableArray(), unknown, schema.Discriminator?.PropertyName, "");
        return new ObjectModel(name, schemaName, schema.Description, schema.Deprecated, EquatableArray<PropertyModel>.Empty, EmitRecord: true, ExceptionName: null)
        {
            Union = union,
        };
    }

    /// <summary>A variant's member name: its type's name, or what its value is (<c>String</c>, <c>Integer</c>, <c>List</c>, ...).</summary>
    private static string VariantName(TypeModel type) => type.Kind switch
    {
        TypeKind.Object or TypeKind.Enum or TypeKind.IntegerEnum => type.Name!,
        TypeKind.Int32 or TypeKind.Int64 => "Integer",
        TypeKind.Double or TypeKind.Single => "Number",
        TypeKind.DateTimeOffset => "DateTime",
        TypeKind.DateOnly => "Date",
        TypeKind.Json => "Json",
        _ => type.Kind.ToString(),
    };

    /// <summary>An object variant with what tells it apart: the discriminator's values that select it, and its shape.</summary>
    private UnionVariantModel Shaped(UnionVariantModel model, SchemaSpec variant, DiscriminatorSpec? discriminator)
    {
        if (!model.IsObject)
        {
            return model;
        }

        var schema = variant.Ref is { } reference ? _schemas[reference.Value].Schema : variant;
        if (discriminator is not null && variant.Ref is { } named)
        {
            var mapped = discriminator.Mapping.Where(entry => entry.SchemaName == named.Value).Select(entry => entry.Value).ToList();
            model = model with { DiscriminatorValues = (mapped.Count > 0 ? mapped : new List<string> { named.Value }).ToEquatableArray() };
        }

        var fixedMembers = new List<string>();
        foreach (var property in schema.Properties)
        {
            // A reference with values of its own picks those of the referenced enum (`type: 1` of Discord's components).
            var target = property.Schema.Ref is { } propertyRef && property.Schema.Enum.Count == 0 ? _schemas[propertyRef.Value].Schema : Simplified(property.Schema);
            if (target.Enum.Count == 1 && AllNonNullTypes(target, t => t is "string" or "integer"))
            {
                fixedMembers.Add(WireName(property, schema));
                fixedMembers.Add(target.Enum[0].Value);
            }
        }

        return model with
        {
            RequiredMembers = schema.Properties.Where(p => schema.Required.Contains(p.Name)).Select(p => WireName(p, schema)).ToEquatableArray(),
            DeclaredMembers = schema.Properties.Select(p => WireName(p, schema)).ToEquatableArray(),
            FixedMembers = fixedMembers.ToEquatableArray(),
        };
    }
}
