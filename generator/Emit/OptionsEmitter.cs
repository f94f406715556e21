using System.Collections.Generic;
using System.Linq;
using StageGen.Generator.Model;

namespace StageGen.Generator.Emit;

/// <summary>
/// <c>{Name}ClientOptions</c>, the client's settings on top of the runtime's ApiClientOptions: the default server's
/// variables and the address they make, the credentials the security schemes need, and the SigV4 signing name.
/// </summary>
internal static class OptionsEmitter
{
    private const string ApiServer = CSharp.CompilerServices + ".ApiServer";

    public static bool Emit(ClientModel model, SourceWriter writer)
    {
        var what = new List<string> { "validation and size limits" };
        if (model.Server is { Variables.Count: > 0 })
        {
            what.Add("the variables of the spec's server");
        }

        if (model.SecuritySchemes.Any(s => s.IsApplied))
        {
            what.Add("the credentials of its security schemes");
        }

        writer.RawSummary($"Settings of <see cref=\"{model.ClassName}\"/>: {string.Join("; ", what)}.");
        Docs.Security(model, writer);
        writer.Line(SourceFiles.GeneratedCode);
        using (writer.Block($"public sealed partial class {model.OptionsClassName} : {CSharp.Runtime}.ApiClientOptions"))
        {
            var members = new MemberWriter(writer);
            if (model.AwsSigningName is { } signingName)
            {
                members.Next().RawSummary($"The name the service's requests are signed with (AWS SigV4, the spec's <c>x-aws-signingName</c>): <c>{signingName}</c>.");
                writer.Line($"public const string {model.AwsSigningNameField} = {CSharp.Literal(signingName)};");
            }

            if (model.Server is { } server)
            {
                EmitServer(model, server, members);
            }

            foreach (var scheme in model.SecuritySchemes.Where(s => s.IsApplied))
            {
                EmitCredentials(scheme, members);
            }
        }

        return true;
    }

    /// <summary>The variables' fields and properties, and the address they make.</summary>
    private static void EmitServer(ClientModel model, ServerModel server, MemberWriter members)
    {
        var writer = members.Writer;
        var first = true;
        foreach (var variable in server.Variables.Where(v => v.ValuesField is not null))
        {
            members.Next(spaced: first).Line($"private static readonly string[] {variable.ValuesField} = {{ {CSharp.Join(variable.Enum.Select(CSharp.Literal))} }};");
            first = false;
        }

        foreach (var variable in server.Variables)
        {
            members.Next();
            if (variable.Description is { } description)
            {
                writer.Summary(description);
            }
            else
            {
                writer.RawSummary($"The variable <c>{variable.Name}</c> of the server address.");
            }

            var allowed = variable.Enum.Count > 0 ? $" One of: {string.Join(", ", variable.Enum)}." : "";
            writer.DocLine($"<remarks>Default: <c>{variable.Default}</c>.{allowed} It makes the default address <c>{server.Url}</c> (when the HttpClient has no BaseAddress).</remarks>");
            writer.Line($"public string {variable.Property} {{ get; set; }} = {CSharp.Literal(variable.Default)};");
        }

        var parts = server.Parts.Select(part => part.Kind switch
        {
            ServerPartKind.Text => CSharp.Literal(part.Text!),
            _ => $"{ApiServer}.{part.Kind}({part.Property}, {CSharp.Literal(model.OptionsClassName + "." + part.Property)}{(server.Variables.First(v => v.Property == part.Property).ValuesField is { } field ? ", " + field : "")})",
        }).ToList();
        members.Next().RawSummary($"The spec's server <c>{server.Url}</c>{(server.Variables.Count > 0 ? " with these options' variables" : "")}: where requests go when the HttpClient has no BaseAddress.");
        if (model.OtherServers.Count > 0)
        {
            writer.DocLine($"<remarks>The spec also lists {string.Join(", ", model.OtherServers)}; set the HttpClient's BaseAddress to use one.</remarks>");
        }

        writer.Line($"/// <exception cref=\"global::System.InvalidOperationException\">A variable's value is not one the spec allows, or not one the address can hold.</exception>");
        writer.Line($"public override global::System.Uri? DefaultBaseAddress => {ApiServer}.Address(this, {CSharp.Concat(parts)});");
    }

    private static void EmitCredentials(SecuritySchemeModel scheme, MemberWriter members)
    {
        var writer = members.Next();
        var source = $"the spec's '{scheme.Name}' scheme";
        var remarks = $"{(scheme.Description is { } d ? d.Trim() + " " : "")}An operation that requires it fails before sending when it is not set.";
        switch (scheme.Kind)
        {
            case CredentialKind.Bearer:
                writer.Summary($"The bearer token of {source}, sent as Authorization: Bearer.");
                writer.Doc("remarks", $"{remarks} When {scheme.SecondCredential} is set, it gives the token instead.");
                writer.Line($"public string? {scheme.Credential} {{ get; set; }}");
                writer.Line();
                writer.Summary($"Gives the bearer token of {source} for each request (a token that expires can be fetched again); used instead of {scheme.Credential} when set.");
                writer.Line($"public global::System.Func<global::System.Threading.CancellationToken, global::System.Threading.Tasks.ValueTask<string>>? {scheme.SecondCredential} {{ get; set; }}");
                break;
            case CredentialKind.Basic:
                writer.Summary($"The user name of {source} (HTTP basic authentication); it cannot hold a ':'.");
                writer.Doc("remarks", remarks);
                writer.Line($"public string? {scheme.Credential} {{ get; set; }}");
                writer.Line();
                writer.Summary($"The password of {source} (HTTP basic authentication).");
                writer.Line($"public string? {scheme.SecondCredential} {{ get; set; }}");
                break;
            default:
                writer.Summary($"The API key of {source}, sent in the {Docs.Place(scheme)} {scheme.ParameterName}.");
                writer.Doc("remarks", remarks);
                writer.Line($"public string? {scheme.Credential} {{ get; set; }}");
                break;
        }
    }

    /// <summary>Writes the class's members with a blank line before each but the first.</summary>
    private sealed class MemberWriter
    {
        private bool _any;

        public MemberWriter(SourceWriter writer) => Writer = writer;

        public SourceWriter Writer { get; }

        /// <summary>The writer, after a blank line unless this is the first member or <paramref name="spaced"/> is false (a run of fields).</summary>
        public SourceWriter Next(bool spaced = true)
        {
            if (_any && spaced)
            {
                Writer.Line();
            }

            _any = true;
            return Writer;
        }
    }
}
