using System;
using System.Collections.Generic;
using System.Linq;
using StageGen.Generator.Common;
using StageGen.Generator.Model;
using StageGen.Generator.Spec;

namespace StageGen.Corpus.Tests;

/// <summary>
/// Which of a document's reachable named schemas the generator types: those it gives a record, a union, an enum or an
/// exception, or uses in place as a typed value (a string, number, date, list or map), rather than keeping them as
/// <c>System.Text.Json.JsonElement</c>.
/// </summary>
public sealed record SchemaTyping(IReadOnlyList<string> Typed, IReadOnlyList<string> KeptAsJson)
{
    /// <summary>
    /// Reads and binds the document as the generator does, once as it is and once with one more named schema whose
    /// properties each <c>$ref</c> a reachable schema: the type each property binds to is the type every use of that
    /// schema gets. A schema that only an error response uses has no record but an exception, which the first bind shows.
    /// </summary>
    public static SchemaTyping Of(string path, string text, IReadOnlyList<string> reachable, string @namespace, string clientName)
    {
        var document = SpecReader.Read(path, text).Document ?? throw new InvalidOperationException($"{path} does not read");
        var options = new SpecOptions(@namespace, clientName);
        var facts = new CompilationFacts(HasHttpClientFactory: true);
        var real = Binder.Bind(document, options, facts).Model ?? throw new InvalidOperationException($"{path} does not bind");
        var withTypes = new HashSet<string>(real.Objects.Select(o => o.SchemaName), StringComparer.Ordinal);

        var at = LocationInfo.FileStart(path);
        var names = new HashSet<string>(document.Schemas.Select(s => s.Name), StringComparer.Ordinal);
        var probeName = "CorpusProbe";
        while (names.Contains(probeName))
        {
            probeName += "0";
        }

        var present = reachable.Where(names.Contains).ToList();
        if (present.Count == 0)
        {
            // No probe to bind: an object without properties is a map, not a record.
            return new SchemaTyping([], reachable.ToList());
        }

        var probe = new NamedSchemaSpec(probeName, new SchemaSpec(at)
        {
            Types = new[] { "object" }.ToEquatableArray(),
            Properties = present.Select((name, i) => new PropertySpec("p" + i, new SchemaSpec(at) { Ref = new LocatedText(name, at) }, at)).ToEquatableArray(),
        }, at);
        var probed = Binder.Bind(document with { Schemas = document.Schemas.Append(probe).ToEquatableArray() }, options, facts).Model
            ?? throw new InvalidOperationException($"{path} does not bind with the probe");
        var members = probed.Objects.Single(o => o.SchemaName == probeName).Properties.ToDictionary(p => p.Name, p => p.Type, StringComparer.Ordinal);

        var typed = new List<string>();
        var json = new List<string>();
        for (var i = 0; i < present.Count; i++)
        {
            var isTyped = members[Names.Pascal("p" + i)].Kind != TypeKind.Json || withTypes.Contains(present[i]);
            (isTyped ? typed : json).Add(present[i]);
        }

        // A $ref the reader does not know (none in the corpus today) is counted as not typed.
        json.AddRange(reachable.Where(name => !names.Contains(name)));
        return new SchemaTyping(typed, json);
    }
}
