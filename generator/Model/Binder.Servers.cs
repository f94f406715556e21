using System;
using System.Collections.Generic;
using System.Linq;
using StageGen.Generator.Common;
using StageGen.Generator.Spec;

namespace StageGen.Generator.Model;

/// <summary>
/// The options class: the default server and its variables, the credentials the security schemes need, the SigV4
/// signing name; and what each operation's security asks of the client.
/// </summary>
internal sealed partial class Binder
{
    /// <summary>The runtime ApiClientOptions' own members: an option of the same name would hide one.</summary>
    private static readonly string[] RuntimeOptionMembers = { "ValidateRequests", "MaxResponseBodyBytes", "MaxErrorBodyBytes", "DefaultBaseAddress" };

    /// <summary>The security schemes some operation requires, by spec name, with their option members.</summary>
    private readonly Dictionary<string, SecuritySchemeModel> _schemeModels = new(StringComparer.Ordinal);

    /// <summary>The options class's member names claimed so far.</summary>
    private readonly HashSet<string> _optionMembers = new(StringComparer.Ordinal);

    /// <summary>
    /// Names the options class's members: the signing name's constant, then the credentials of the schemes some operation
    /// requires (one kind of scheme once: <c>ApiKey</c>, <c>BearerToken</c> and <c>BearerTokenProvider</c>, <c>UserName</c>
    /// and <c>Password</c>; several of a kind are told apart by the scheme's name, <c>PartnerApiKey</c>). The server's
    /// variables are named after them (<see cref="BindServer"/>).
    /// </summary>
    private string BindOptionMembers()
    {
        _optionMembers.UnionWith(ObjectMembers);
        _optionMembers.UnionWith(RuntimeOptionMembers);
        _optionMembers.Add(OptionsClass);
        var signingField = ClaimOption("AwsSigningName");

        var used = new HashSet<string>(
            _document.Operations.SelectMany(o => o.Security ?? _document.Security).Concat(_document.Security).SelectMany(r => r.Schemes),
            StringComparer.Ordinal);
        var schemes = _document.SecuritySchemes.Where(s => used.Contains(s.Name) && s.Kind != SecuritySchemeKind.Unsupported).ToList();
        foreach (var scheme in schemes)
        {
            var kind = Credential(scheme);
            var several = schemes.Count(other => Family(Credential(other)) == Family(kind)) > 1;
            string Member(string natural)
            {
                var member = ClaimOption(several ? Prefixed(Names.Pascal(scheme.Name), natural) : natural);
                CheckNameLength(member, scheme.Location);
                return member;
            }

            var model = new SecuritySchemeModel(scheme.Name, kind, scheme.ParameterName, scheme.Description);
            _schemeModels[scheme.Name] = kind switch
            {
                CredentialKind.Bearer => model with { Credential = Member("BearerToken"), SecondCredential = Member("BearerTokenProvider") },
                CredentialKind.Basic => model with { Credential = Member("UserName"), SecondCredential = Member("Password") },
                CredentialKind.AwsSigV4 => model,
                _ => model with { Credential = Member("ApiKey") },
            };
        }

        return signingField;
    }

    private static CredentialKind Credential(SecuritySchemeSpec scheme) => scheme.Kind switch
    {
        SecuritySchemeKind.Bearer => CredentialKind.Bearer,
        SecuritySchemeKind.Basic => CredentialKind.Basic,
        SecuritySchemeKind.AwsSigV4 => CredentialKind.AwsSigV4,
        _ => scheme.In switch
        {
            "query" => CredentialKind.ApiKeyQuery,
            "cookie" => CredentialKind.ApiKeyCookie,
            _ => CredentialKind.ApiKeyHeader,
        },
    };

    /// <summary>API keys in a header, the query or a cookie are one kind of credential: each is an <c>ApiKey</c>.</summary>
    private static CredentialKind Family(CredentialKind kind) => kind is CredentialKind.ApiKeyQuery or CredentialKind.ApiKeyCookie ? CredentialKind.ApiKeyHeader : kind;

    /// <summary><c>Partner</c> + <c>ApiKey</c>; a scheme named <c>partnerApiKey</c> keeps its name.</summary>
    private static string Prefixed(string scheme, string natural) =>
        scheme.EndsWith(natural, StringComparison.Ordinal) ? scheme : scheme + natural;

    /// <summary>The options class's name (<see cref="ClientModel.OptionsClassName"/>).</summary>
    private string OptionsClass => _options.ClientName + "ClientOptions";

    private string ClaimOption(string name)
    {
        name = Free(name, _optionMembers.Contains);
        _optionMembers.Add(name);
        return name;
    }

    /// <summary>
    /// The document's first server as the client's default base address, its variables (those its URL uses) as options;
    /// null, with SG2004, when it cannot be one: not an absolute http or https URL, a query or fragment, a user, a
    /// variable that is not a whole scheme, or a default that does not fit where it is used.
    /// </summary>
    private ServerModel? BindServer()
    {
        if (_document.Servers.Count == 0)
        {
            return null;
        }

        var server = _document.Servers[0];
        var (parts, problem) = ServerParts(server);
        problem ??= DefaultAddressProblem(server, parts);
        if (problem is not null)
        {
            Report(DiagnosticDescriptors.ServerNotUsed, server.Location, $"The server '{server.Url}' is not used as the client's default address: {problem}; the HttpClient's BaseAddress must be set");
            return null;
        }

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        var variables = new List<ServerVariableModel>();
        foreach (var variable in server.Variables.Where(v => parts.Any(p => p.Text == v.Name && p.Kind != ServerPartKind.Text)))
        {
            var name = Names.Pascal(variable.Name);
            if (_optionMembers.Contains(name))
            {
                name = Free(name, candidate => _optionMembers.Contains(candidate) || seen.ContainsKey(candidate));
            }

            if (!ClaimMemberName(seen, name, variable.Name, "server variables", $"server '{server.Url}'", variable.Location))
            {
                return null;
            }

            properties[variable.Name] = name;
            variables.Add(new ServerVariableModel(variable.Name, name, variable.Default, variable.Enum, variable.Description)
            {
                ValuesField = variable.Enum.Count > 0 ? "s_" + char.ToLowerInvariant(name[0]) + name.Substring(1) + "Values" : null,
            });
        }

        _optionMembers.UnionWith(seen.Keys);
        var named = parts.Select(p => p.Kind == ServerPartKind.Text ? p : p with { Text = null, Property = properties[p.Text!] });
        return new ServerModel(server.Url, server.Description, named.ToEquatableArray(), variables.ToEquatableArray());
    }

    /// <summary>
    /// The URL's pieces, each variable marked with where it is (its <see cref="ServerPartModel.Text"/> is its spec name
    /// here), or why the URL cannot be a base address.
    /// </summary>
    private static (List<ServerPartModel> Parts, string? Problem) ServerParts(ServerSpec server)
    {
        var parts = new List<ServerPartModel>();
        var place = ServerPartKind.Scheme;
        foreach (var segment in server.Segments)
        {
            if (segment.IsParameter)
            {
                if (place == ServerPartKind.Scheme && parts.Count > 0)
                {
                    return (parts, $"'{{{segment.Text}}}' is a part of the scheme; a variable there must be the whole scheme");
                }

                parts.Add(new ServerPartModel(place, segment.Text, null));
                continue;
            }

            var text = segment.Text;
            if (place == ServerPartKind.Scheme)
            {
                var end = text.IndexOf("://", StringComparison.Ordinal);
                if (end < 0)
                {
                    return (parts, "it is not an absolute URL (scheme://host)");
                }

                if (parts.Count > 0 ? end > 0 : !IsHttp(text.Substring(0, end)))
                {
                    return (parts, parts.Count > 0 ? $"'{{{parts[0].Text}}}' is a part of the scheme; a variable there must be the whole scheme" : "its scheme is not http or https");
                }

                place = ServerPartKind.Host;
                text = text.Substring(end + 3);
            }

            if (text.IndexOfAny(new[] { '?', '#' }) >= 0)
            {
                return (parts, "it has a query or a fragment");
            }

            if (place == ServerPartKind.Host)
            {
                var pathStart = text.IndexOf('/');
                if ((pathStart < 0 ? text : text.Substring(0, pathStart)).IndexOf('@') >= 0)
                {
                    return (parts, "it names a user; credentials do not belong in a URL");
                }

                if (pathStart >= 0)
                {
                    place = ServerPartKind.Path;
                }
            }

            parts.Add(new ServerPartModel(ServerPartKind.Text, segment.Text, null));
        }

        return place == ServerPartKind.Scheme ? (parts, "it is not an absolute URL (scheme://host)") : (parts, null);
    }

    /// <summary>Why the address with every variable at its default is not one the client can send to, or null.</summary>
    private static string? DefaultAddressProblem(ServerSpec server, List<ServerPartModel> parts)
    {
        var text = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            if (part.Kind == ServerPartKind.Text)
            {
                text.Append(part.Text);
                continue;
            }

            var variable = server.Variables.First(v => v.Name == part.Text);
            var value = variable.Default;
            if (variable.Enum.Count > 0 && !variable.Enum.Contains(value))
            {
                return $"the default '{value}' of '{part.Text}' is not one of its 'enum' values";
            }

            // A control character or an unpaired surrogate fits nowhere: the client refuses it wherever it stands.
            var fits = SpecText.FindUnsafe(value) < 0 && part.Kind switch
            {
                ServerPartKind.Scheme => IsHttp(value),
                ServerPartKind.Host => value.Length > 0 && value.All(c => c < 128 && (char.IsLetterOrDigit(c) || c is '-' or '.' or '_' or '~')),
                _ => value.Split('/').All(s => s.Length > 0 && s is not ("." or "..")),
            };
            if (!fits)
            {
                var place = part.Kind switch { ServerPartKind.Scheme => "scheme", ServerPartKind.Host => "host", _ => "path" };
                return $"the default '{value}' of '{part.Text}' cannot be (part of) its {place}";
            }

            text.Append(part.Kind == ServerPartKind.Path ? string.Join("/", value.Split('/').Select(Uri.EscapeDataString)) : value);
        }

        return Uri.TryCreate(text.ToString(), UriKind.Absolute, out var address) && IsHttp(address.Scheme) && address.UserInfo.Length == 0
            ? null
            : $"'{text}' is not an absolute http or https URL";
    }

    private static bool IsHttp(string scheme) =>
        scheme.Equals("https", StringComparison.OrdinalIgnoreCase) || scheme.Equals("http", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// What <paramref name="operation"/>'s security (its own, else the document's) asks of the client: the alternatives
    /// it applies credentials for, and whether it may send none; null when it never applies any.
    /// </summary>
    private OperationAuthModel? BindAuth(OperationSpec operation, string choiceLocal)
    {
        var alternatives = new List<AuthAlternativeModel>();
        var allowsNone = false;
        foreach (var requirement in operation.Security ?? _document.Security)
        {
            var applied = requirement.Schemes.Distinct().Where(name => _schemeModels.TryGetValue(name, out var scheme) && scheme.IsApplied).Select(name => _schemeModels[name]).ToEquatableArray();
            if (applied.Count == 0)
            {
                allowsNone = true;
            }
            else if (!alternatives.Any(a => a.Schemes.Equals(applied)))
            {
                alternatives.Add(new AuthAlternativeModel(applied));
            }
        }

        if (alternatives.Count == 0)
        {
            return null;
        }

        var needed = string.Join("; or ", alternatives.Select(a => string.Join(", and ", a.Schemes.Select(Needed))));
        return new OperationAuthModel(alternatives.ToEquatableArray(), allowsNone, needed, choiceLocal);
    }

    /// <summary>What to set for a scheme, as the missing-credentials error says it.</summary>
    private string Needed(SecuritySchemeModel scheme)
    {
        var options = OptionsClass + ".";
        var what = scheme.Kind switch
        {
            CredentialKind.Bearer => $"{options}{scheme.Credential} or {options}{scheme.SecondCredential}",
            CredentialKind.Basic => $"{options}{scheme.Credential} and {options}{scheme.SecondCredential}",
            _ => options + scheme.Credential,
        };
        return $"{what} for scheme '{scheme.Name}'";
    }
}
