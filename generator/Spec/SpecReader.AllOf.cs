using System;
using System.Collections.Generic;
using System.Linq;
using StageGen.Generator.Common;
using StageGen.Generator.Spec.Yaml;

namespace StageGen.Generator.Spec;

/// <summary>
/// <c>allOf</c>: a value valid against every part. Two shapes are read as one schema. A single part that says what the
/// value is, beside parts that only describe it (<c>allOf: [{$ref: __string}, {xml: ..., description: ...}]</c>, as
/// AWS-converted documents write every property, or 3.0's way of describing a <c>$ref</c>), is that part with their
/// description and flags. Objects only (inline, or references to named object schemas) are one object with all their
/// properties and required names. Anything else stays raw JSON (SG2002).
/// </summary>
internal sealed partial class SpecReader
{
    // The named schemas whose parts are being merged, outermost first.
    private readonly HashSet<string> _mergedSchemas = new(StringComparer.Ordinal);

    private SchemaSpec MergeAllOf(SchemaSpec own, List<SchemaSpec> parts, YamlScalar key)
    {
        var all = new List<SchemaSpec>(parts.Count + 1);
        if (!IsAnnotationOnly(own with { HasUnsupportedComposition = false }))
        {
            all.Add(own);
        }

        all.AddRange(parts);
        var shaping = all.Where(part => !IsAnnotationOnly(part)).ToList();
        EquatableArray<LocatedText> narrowed = default;
        if (shaping.Count == 2 && shaping.FirstOrDefault(part => part.Ref is not null) is { } referenced && shaping.FirstOrDefault(part => part.Ref is null) is { } typeOnly
            && IsAnnotationOnly(typeOnly with { Types = EquatableArray<string>.Empty, Format = null, Enum = EquatableArray<LocatedText>.Empty })
            && (typeOnly.Format is null || RepeatsFormat(referenced.Ref!.Value, typeOnly.Format)))
        {
            // `type: string, allOf: [{$ref: Status}]` (Discord's way): the type beside the reference only repeats it;
            // an enum there (`type: integer, enum: [1], allOf: [{$ref: ComponentType}]`) picks values of it.
            shaping.Remove(typeOnly);
            narrowed = typeOnly.Enum;
        }

        var annotations = new[] { own }.Concat(parts.Where(IsAnnotationOnly)).ToList();
        if (shaping.Count == 0)
        {
            return own;
        }

        if (shaping.Count == 1 && !own.HasUnsupportedComposition)
        {
            var only = Annotated(shaping[0], annotations, own.Location);
            return narrowed.Count > 0 ? only with { Enum = narrowed } : only;
        }

        if (!own.HasUnsupportedComposition && shaping.All(IsObjectPart) && ObjectParts(shaping) is { } objects)
        {
            var properties = new List<PropertySpec>();
            foreach (var property in objects.SelectMany(o => o.Properties))
            {
                // A property two parts declare must satisfy both; the first declaration is the one typed.
                if (!properties.Any(p => p.Name == property.Name))
                {
                    properties.Add(property);
                }
            }

            var merged = new SchemaSpec(own.Location)
            {
                Types = new[] { "object" }.Concat(own.Types.Where(t => t == "null")).ToEquatableArray(),
                Properties = properties.ToEquatableArray(),
                Required = objects.SelectMany(o => o.Required).Distinct(StringComparer.Ordinal).ToEquatableArray(),
                AdditionalProperties = objects.Select(o => o.AdditionalProperties).LastOrDefault(a => a is not null),
                // Beside the allOf, it names the types that derive from this one.
                Discriminator = own.Discriminator,
            };
            return Annotated(merged, annotations, own.Location) with { AllOfBase = BaseOf(shaping, objects, own.Location) };
        }

        Report(DiagnosticDescriptors.KeptAsJsonElement, Locate(key), "'allOf' of these parts is not supported; the value is kept as raw JSON (System.Text.Json.JsonElement)");
        return own with { HasUnsupportedComposition = true };
    }

    /// <summary>
    /// When exactly one of the object parts is a reference and the others are inline: that reference, and the inline
    /// parts merged (their properties, the first declaration of each, and required names); else null.
    /// </summary>
    private static AllOfBaseSpec? BaseOf(List<SchemaSpec> shaping, List<SchemaSpec> objects, LocationInfo at)
    {
        var references = shaping.Where(part => part.Ref is not null).ToList();
        if (references.Count != 1)
        {
            return null;
        }

        var inline = Enumerable.Range(0, shaping.Count).Where(i => shaping[i].Ref is null).Select(i => objects[i]).ToList();
        var properties = new List<PropertySpec>();
        foreach (var property in inline.SelectMany(o => o.Properties).Where(property => !properties.Any(p => p.Name == property.Name)))
        {
            properties.Add(property);
        }

        var own = new SchemaSpec(at)
        {
            Types = new[] { "object" }.ToEquatableArray(),
            Properties = properties.ToEquatableArray(),
            Required = inline.SelectMany(o => o.Required).Distinct(StringComparer.Ordinal).ToEquatableArray(),
        };
        return new AllOfBaseSpec(references[0].Ref!, own);
    }

    /// <summary>A part that only describes the value: a description, flags, a default, an XML name.</summary>
    private static bool IsAnnotationOnly(SchemaSpec part) =>
        part.Ref is null && part.Types.All(t => t == "null") && part.Format is null && part.Properties.Count == 0
        && part.Required.Count == 0 && part.AdditionalProperties is null && part.PropertyNames is null && part.Items is null
        && part.Enum.Count == 0 && part.Pattern is null && part.MinLength is null && part.MaxLength is null
        && part.MinItems is null && part.MaxItems is null && part.Minimum is null && part.Maximum is null
        && !part.UniqueItems && part.MinProperties is null && part.MaxProperties is null
        && !part.HasUnsupportedComposition && part.Variants.Count == 0;

    /// <summary>
    /// An inline object (a part with only <c>required</c> names is one: <c>allOf: [{$ref: Listing}, {required: [org]}]</c>),
    /// or a reference to a named schema that is one.
    /// </summary>
    private bool IsObjectPart(SchemaSpec part) =>
        part.Ref is { } reference
            ? NamedSchemaNode(reference.Value) is YamlMapping target && (Get(target, "properties") is not null || Text(Get(target, "type")) == "object" || Get(target, "allOf") is not null)
            : !part.HasUnsupportedComposition && part.Variants.Count == 0 && part.Items is null && part.Enum.Count == 0
                && part.Types.All(t => t is "object" or "null")
                && (part.Properties.Count > 0 || part.Types.Contains("object") || part.Required.Count > 0 || part.AdditionalProperties is not null);

    /// <summary>The object parts with references read as their schemas (each once more, as a use of it), or null when one is not an object.</summary>
    private List<SchemaSpec>? ObjectParts(List<SchemaSpec> parts)
    {
        var objects = new List<SchemaSpec>();
        foreach (var part in parts)
        {
            var schema = part;
            if (part.Ref is { } reference)
            {
                // allOf: [{$ref: B}] inside B's own parts would never end: such a cycle stays raw JSON.
                if (!_mergedSchemas.Add(reference.Value))
                {
                    return null;
                }

                try
                {
                    schema = ReadSchema(NamedSchemaNode(reference.Value)!);
                }
                finally
                {
                    _mergedSchemas.Remove(reference.Value);
                }
            }

            if (schema.HasUnsupportedComposition || schema.Variants.Count > 0 || schema.Ref is not null)
            {
                return null;
            }

            objects.Add(schema);
        }

        return objects;
    }

    private YamlNode? NamedSchemaNode(string name) => Get(Get(_components, "schemas"), name);

    /// <summary>Whether a <c>format</c> beside a reference says nothing new: the schema has it, or is a list of values (which decide).</summary>
    private bool RepeatsFormat(string reference, string format) =>
        NamedSchemaNode(reference) is YamlMapping target
        && (Text(Get(target, "format")) == format || Get(target, "enum") is not null || Get(target, "oneOf") is not null);

    /// <summary>The shaping part with the others' description (the outer one first) and flags.</summary>
    private static SchemaSpec Annotated(SchemaSpec shape, List<SchemaSpec> annotations, LocationInfo at)
    {
        var nullable = annotations.Any(a => a.Types.Contains("null")) && !shape.Types.Contains("null");
        return shape with
        {
            Description = annotations.Select(a => a.Description).FirstOrDefault(d => d is not null) ?? shape.Description,
            ReadOnly = shape.ReadOnly || annotations.Any(a => a.ReadOnly),
            WriteOnly = shape.WriteOnly || annotations.Any(a => a.WriteOnly),
            Deprecated = shape.Deprecated || annotations.Any(a => a.Deprecated),
            Default = shape.Default ?? annotations.Select(a => a.Default).FirstOrDefault(d => d is not null),
            XmlName = annotations.Select(a => a.XmlName).FirstOrDefault(x => x is not null) ?? shape.XmlName,
            Types = nullable ? shape.Types.Concat(new[] { "null" }).ToEquatableArray() : shape.Types,
        };
    }
}
