using StageGen.Generator.Model;

namespace StageGen.Generator.Emit;

/// <summary>The documentation comments and attributes a spec's descriptions and flags become, for every emitter.</summary>
internal static class Docs
{
    /// <summary>
    /// A property's summary, its remarks (read-only, write-only, absent or null, the default) and Obsolete. A required
    /// property is a C# <c>required</c> member unless <paramref name="requiredMember"/> says otherwise.
    /// </summary>
    public static void Property(PropertyModel property, SourceWriter writer, bool requiredMember = true)
    {
        if (property.Description is null)
        {
            writer.RawSummary($"The <c>{property.JsonName}</c> member.");
        }
        else
        {
            writer.Summary(property.Description);
        }

        var remarks = new System.Collections.Generic.List<string>();
        if (property.ReadOnly)
        {
            remarks.Add("Set by the service; not sent in requests.");
        }

        if (property.WriteOnly)
        {
            remarks.Add("Sent in requests; not returned by the service.");
        }

        if (property.IsOptionalWrapper)
        {
            remarks.Add("Leave unset to omit it; set it to null to send null.");
        }

        if (property.Default is { } value)
        {
            remarks.Add($"The service's default: {value}.");
        }

        // C# refuses [Obsolete] on a required member (CS9042): the deprecation is said in words instead.
        var obsolete = property.Deprecated && !(property.Required && requiredMember);
        if (property.Deprecated && !obsolete)
        {
            remarks.Add("Deprecated in the API spec, and still required.");
        }

        if (remarks.Count > 0)
        {
            writer.Doc("remarks", string.Join(" ", remarks));
        }

        Obsolete(obsolete, writer);
    }

    /// <summary>The attribute on what the spec marks deprecated.</summary>
    public static void Obsolete(bool deprecated, SourceWriter writer)
    {
        if (deprecated)
        {
            writer.Line("[global::System.Obsolete(\"Deprecated in the API spec.\")]");
        }
    }
}
