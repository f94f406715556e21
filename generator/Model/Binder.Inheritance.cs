using System;
using System.Collections.Generic;
using System.Linq;
using StageGen.Generator.Common;
using StageGen.Generator.Spec;

namespace StageGen.Generator.Model;

/// <summary>
/// <c>allOf: [{$ref: B}, {own parts}]</c> as inheritance: the record derives from B's and declares only its own members,
/// where C# can say what the schema says. It cannot when B is not a record (a union, an enum, a map, an error body
/// only), when the type's own parts redeclare one of B's members differently (another type, rules or flags, or
/// required where B has it optional), or when B's binding depends on this type (a cycle): then the type is the merged
/// object, as every other <c>allOf</c> of objects is.
/// </summary>
internal sealed partial class Binder
{
    // Which schema is an error-only body (true), an error and data (false); absent: data only.
    private Dictionary<string, bool> _errorSchemas = new(StringComparer.Ordinal);

    // The named schemas bound (or being bound), and those being bound now, so a base is bound first and once.
    private readonly HashSet<string> _boundNamed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _bindingNamed = new(StringComparer.Ordinal);

    // The records of named schemas (C# names): a discriminator names them by their schema names when its mapping does not.
    private readonly HashSet<string> _namedRecords = new(StringComparer.Ordinal);

    // Each record's own discriminator, by C# name.
    private readonly Dictionary<string, DiscriminatorSpec> _discriminators = new(StringComparer.Ordinal);

    /// <summary>The base record a type derives from, and the spec names of its own parts' members that the base declares.</summary>
    private sealed record BaseRecordInfo(ObjectModel Type, HashSet<string> Inherited);

    /// <summary>
    /// The record <paramref name="name"/> derives from when <paramref name="schema"/> is an <c>allOf</c> of one named
    /// object and its own parts and C# can say so; else null (the type is the merged object).
    /// </summary>
    private BaseRecordInfo? BaseRecord(string name, SchemaSpec schema)
    {
        if (schema.AllOfBase is not { } allOf || !_schemas.TryGetValue(allOf.Ref.Value, out var named)
            || !_typeNames.TryGetValue(allOf.Ref.Value, out var baseName) || !IsObject(named.Schema) || IsUnion(named.Schema)
            || _bindingNamed.Contains(allOf.Ref.Value))
        {
            return null;
        }

        BindNamed(allOf.Ref.Value, _errorSchemas.TryGetValue(allOf.Ref.Value, out var errorOnly) ? errorOnly : null);
        var baseType = _objects.FirstOrDefault(o => o.Name == baseName);
        if (baseType is not { EmitRecord: true, Union: null } || baseType.Properties.Any(p => p.Name == name))
        {
            return null;
        }

        // The base's members by their spec names (its merged schema: its own base's members too).
        var baseSchema = named.Schema;
        var baseMembers = new Dictionary<string, PropertyModel>(StringComparer.Ordinal);
        foreach (var property in baseSchema.Properties)
        {
            var wire = WireName(property, baseSchema);
            if (baseType.Properties.FirstOrDefault(p => p.JsonName == wire) is { } model)
            {
                baseMembers[property.Name] = model;
            }
        }

        // A member the own parts make required that the base has optional: C# cannot make an inherited member required.
        if (allOf.Own.Required.Any(r => baseMembers.TryGetValue(r, out var member) && !member.Required))
        {
            return null;
        }

        var inherited = new HashSet<string>(baseMembers.Keys, StringComparer.Ordinal);
        foreach (var property in allOf.Own.Properties.Where(p => baseMembers.ContainsKey(p.Name)))
        {
            // Redeclared: the same type, rules and flags are the inherited member; anything else merges. Only a schema
            // that declares no type of its own is bound to compare (binding an inline object or enum would declare one).
            var member = baseMembers[property.Name];
            var own = Simplified(property.Schema);
            var declaresType = own.Ref is null && (own.Properties.Count > 0 || own.Enum.Count > 0 || own.Variants.Count > 0 || own.Items is not null || own.AdditionalProperties is not null);
            if (declaresType || !BindType(own, name + Pascal(property.Name)).Equals(member.Type)
                || own.ReadOnly != member.ReadOnly || own.WriteOnly != member.WriteOnly)
            {
                return null;
            }
        }

        return new BaseRecordInfo(baseType, inherited);
    }

    /// <summary>
    /// Each record's derived records, and what reads it by a discriminator: the nearest one (its own, else its bases'),
    /// whose mapping names derived records, or whose values are the derived schemas' names where it maps none of them.
    /// </summary>
    private void LinkHierarchy()
    {
        var children = _objects.Where(o => o.BaseName is not null).GroupBy(o => o.BaseName!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(o => o.Name).ToList(), StringComparer.Ordinal);
        if (children.Count == 0)
        {
            return;
        }

        var byName = _objects.Where(o => o.EmitRecord).ToDictionary(o => o.Name, StringComparer.Ordinal);
        List<string> Descendants(string name)
        {
            var all = new List<string>();
            var pending = new Queue<string>(children.TryGetValue(name, out var direct) ? direct : new List<string>());
            while (pending.Count > 0)
            {
                var next = pending.Dequeue();
                all.Add(next);
                foreach (var child in children.TryGetValue(next, out var more) ? more : new List<string>())
                {
                    pending.Enqueue(child);
                }
            }

            return all;
        }

        DiscriminatorSpec? Nearest(string name)
        {
            for (string? at = name; at is not null; at = byName.TryGetValue(at, out var type) ? type.BaseName : null)
            {
                if (_discriminators.TryGetValue(at, out var discriminator))
                {
                    return discriminator;
                }
            }

            return null;
        }

        for (var i = 0; i < _objects.Count; i++)
        {
            var type = _objects[i];
            if (!children.TryGetValue(type.Name, out var direct))
            {
                continue;
            }

            var cases = new List<DerivedCaseModel>();
            if (Nearest(type.Name) is { } discriminator)
            {
                var values = new HashSet<string>(StringComparer.Ordinal);
                foreach (var descendant in Descendants(type.Name))
                {
                    var mapped = discriminator.Mapping.Where(m => _typeNames.TryGetValue(m.SchemaName, out var target) && target == descendant).Select(m => m.Value).ToList();
                    if (mapped.Count == 0 && _namedRecords.Contains(descendant))
                    {
                        mapped.Add(byName[descendant].SchemaName);
                    }

                    // One value selects one record: the first that claims it.
                    cases.AddRange(mapped.Where(values.Add).Select(value => new DerivedCaseModel(value, descendant)));
                }
            }

            _objects[i] = type with
            {
                DerivedNames = direct.ToEquatableArray(),
                DerivedCases = cases.ToEquatableArray(),
                DiscriminatorJsonName = cases.Count > 0 ? Nearest(type.Name)!.PropertyName : null,
            };
        }
    }
}
