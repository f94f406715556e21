using System.Linq;
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

    /// <summary>
    /// A client's remarks on the credentials its operations need, one item per security scheme: which option to set, or
    /// for AWS SigV4 that a handler signs. Nothing when no operation needs any.
    /// </summary>
    public static void Security(ClientModel model, SourceWriter writer)
    {
        if (model.SecuritySchemes.Count == 0)
        {
            return;
        }

        var options = model.OptionsClassName;
        writer.DocLine($"<remarks>");
        writer.DocLine($"Operations need credentials, as the spec's security schemes say:");
        writer.DocLine($"<list type=\"bullet\">");
        foreach (var scheme in model.SecuritySchemes)
        {
            switch (scheme.Kind)
            {
                case CredentialKind.AwsSigV4:
                    var service = model.AwsSigningName is null ? "the service's signing name" : $"{options}.{model.AwsSigningNameField}";
                    writer.DocLine($"<item>'{scheme.Name}': AWS Signature Version 4, which the client does not add itself: register it with <c>Add{model.ClassName}(...).AddAwsSigV4()</c> from StageGen.Aws (the region is <c>o.Region</c> or the AWS SDKs' region chain; the signing name <c>o.Service = {service}</c>), or put an AwsSigV4Handler in the HttpClient's handlers. AddAwsSigV4 also gives an HttpClient without a BaseAddress its region's endpoint, so the requests go where they are signed for.</item>");
                    break;
                case CredentialKind.Bearer:
                    writer.DocLine($"<item>'{scheme.Name}': an HTTP bearer token; set <see cref=\"{options}.{scheme.Credential}\"/> or <see cref=\"{options}.{scheme.SecondCredential}\"/>.</item>");
                    break;
                case CredentialKind.Basic:
                    writer.DocLine($"<item>'{scheme.Name}': HTTP basic authentication; set <see cref=\"{options}.{scheme.Credential}\"/> and <see cref=\"{options}.{scheme.SecondCredential}\"/>.</item>");
                    break;
                default:
                    writer.DocLine($"<item>'{scheme.Name}': an API key in the {Place(scheme)} <c>{scheme.ParameterName}</c>; set <see cref=\"{options}.{scheme.Credential}\"/>.</item>");
                    break;
            }
        }

        writer.DocLine($"</list>");
        if (model.SecuritySchemes.Any(s => s.IsApplied))
        {
            writer.DocLine($"An operation whose credentials are not set throws InvalidOperationException before sending anything.");
        }

        writer.DocLine($"</remarks>");
    }

    /// <summary>Where an API key goes: header, query parameter or cookie.</summary>
    public static string Place(SecuritySchemeModel scheme) => scheme.Kind switch
    {
        CredentialKind.ApiKeyQuery => "query parameter",
        CredentialKind.ApiKeyCookie => "cookie",
        _ => "header",
    };

    /// <summary>The attribute on what the spec marks deprecated.</summary>
    public static void Obsolete(bool deprecated, SourceWriter writer)
    {
        if (deprecated)
        {
            writer.Line("[global::System.Obsolete(\"Deprecated in the API spec.\")]");
        }
    }
}
