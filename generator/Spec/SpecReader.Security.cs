using System;
using System.Collections.Generic;
using System.Linq;
using StageGen.Generator.Common;
using StageGen.Generator.Spec.Yaml;

namespace StageGen.Generator.Spec;

/// <summary>Where the service lives and how it authenticates: <c>servers</c>, <c>securitySchemes</c> and <c>security</c>.</summary>
internal sealed partial class SpecReader
{
    /// <summary>The names under <c>components/securitySchemes</c>, unsupported ones included: what a requirement may name.</summary>
    private readonly HashSet<string> _schemeNames = new(StringComparer.Ordinal);

    /// <summary>
    /// A <c>servers</c> list. The document's gives the client its default address; a path item's or an operation's
    /// (<paramref name="usedFor"/> says which) is read for its mistakes and reported as not used: every operation goes to
    /// the one base address.
    /// </summary>
    private List<ServerSpec> ReadServers(YamlScalar key, YamlNode node, string? usedFor = null)
    {
        var servers = new List<ServerSpec>();
        if (node is not YamlSequence sequence)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(node), "'servers' must be a sequence of servers");
            return servers;
        }

        foreach (var item in sequence.Children)
        {
            Visit(item);
            if (ReadServer(item) is { } server)
            {
                servers.Add(server);
            }
        }

        if (usedFor is not null && servers.Count > 0)
        {
            Report(DiagnosticDescriptors.ServerNotUsed, Locate(key), $"The 'servers' of {usedFor} is not used: the client sends every operation to one base address (the document's first server, or the HttpClient's BaseAddress)");
        }

        return servers;
    }

    private ServerSpec? ReadServer(YamlNode node)
    {
        if (node is not YamlMapping map)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(node), "A server must be a mapping with a 'url'");
            return null;
        }

        var urlNode = Get(map, "url");
        if (Text(urlNode) is not { } url)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(urlNode ?? map), "A server needs a 'url' string");
            return null;
        }

        var variables = new List<ServerVariableSpec>();
        var broken = !IsCodeSafe(urlNode!, "server url");
        foreach (var (key, value) in Entries(map))
        {
            switch (key.Value)
            {
                case "url":
                case "description":
                    break;
                case "variables":
                    broken |= !ReadServerVariables(value, variables);
                    break;
                default:
                    ReportUnknown(key);
                    break;
            }
        }

        var segments = SpecText.PathSegments(url);
        if (SpecText.ServerUrlProblem(segments) is { } problem)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(urlNode!), $"The server url '{url}' {problem}");
            return null;
        }

        // A variable left out for its own mistake (reported) is not reported again as undeclared.
        foreach (var name in broken ? Enumerable.Empty<string>() : segments.Where(s => s.IsParameter).Select(s => s.Text).Distinct())
        {
            if (!variables.Any(v => v.Name == name))
            {
                Report(DiagnosticDescriptors.InvalidValue, Locate(urlNode!), $"The server url '{url}' uses '{{{name}}}', which its 'variables' do not declare");
                broken = true;
            }
        }

        return broken ? null : new ServerSpec(url, segments, variables.ToEquatableArray(), DocText(Get(map, "description")), Locate(urlNode!));
    }

    /// <summary>Reads a server's <c>variables</c> into <paramref name="variables"/>; false when one is broken (reported).</summary>
    private bool ReadServerVariables(YamlNode node, List<ServerVariableSpec> variables)
    {
        if (node is not YamlMapping map)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(node), "A server's 'variables' must be a mapping of names to variables");
            return false;
        }

        var whole = true;
        foreach (var (key, value) in Entries(map))
        {
            var name = key.Value ?? "";
            if (!IsCodeSafe(key, "server variable name"))
            {
                whole = false;
                continue;
            }

            if (value is not YamlMapping variable)
            {
                Report(DiagnosticDescriptors.InvalidValue, Locate(value), $"The server variable '{name}' must be a mapping with a 'default'");
                whole = false;
                continue;
            }

            var values = new List<string>();
            foreach (var (entry, entryValue) in Entries(variable))
            {
                switch (entry.Value)
                {
                    case "default":
                    case "description":
                        break;
                    case "enum":
                        if (entryValue is not YamlSequence list || list.Children.Count == 0 || list.Children.Any(v => v is not YamlScalar))
                        {
                            Report(DiagnosticDescriptors.InvalidValue, Locate(entryValue), $"The 'enum' of server variable '{name}' must be a non-empty sequence of strings");
                            whole = false;
                        }
                        else
                        {
                            values.AddRange(list.Children.Select(v => Text(v) ?? ""));
                        }

                        break;
                    default:
                        ReportUnknown(entry);
                        break;
                }
            }

            var defaultNode = Get(variable, "default");
            if (Text(defaultNode) is not { } defaultValue)
            {
                Report(DiagnosticDescriptors.InvalidValue, Locate(defaultNode ?? key), $"The server variable '{name}' needs a 'default' string: it is the value used when none is given");
                whole = false;
                continue;
            }

            // 3.0 only advises it (SHOULD; VTEX's default '{environment}' stands for a choice): the binder then does
            // not make that server the default address (SG2004).
            if (values.Count > 0 && !values.Contains(defaultValue) && !_beforeOpenApi31)
            {
                Report(DiagnosticDescriptors.InvalidValue, Locate(defaultNode!), $"The default '{defaultValue}' of server variable '{name}' is not one of its 'enum' values");
                whole = false;
                continue;
            }

            variables.Add(new ServerVariableSpec(name, defaultValue, values.ToEquatableArray(), DocText(Get(variable, "description")), Locate(key)));
        }

        return whole;
    }

    /// <summary>
    /// <c>components/securitySchemes</c>. An API key (header, query or cookie), HTTP bearer and basic, and AWS SigV4
    /// (an API key marked <c>x-amazon-apigateway-authtype: awsSigv4</c>, as API Gateway exports it) are applied; any
    /// other scheme is reported and the client sends nothing for it.
    /// </summary>
    private List<SecuritySchemeSpec> ReadSecuritySchemes(YamlNode? node)
    {
        var schemes = new List<SecuritySchemeSpec>();
        if (node is not YamlMapping map)
        {
            return schemes;
        }

        foreach (var (key, value) in Entries(map))
        {
            var name = key.Value ?? "";
            if (!IsCodeSafe(key, "security scheme name") || Resolve(value, "securitySchemes") is not YamlMapping scheme)
            {
                continue;
            }

            _schemeNames.Add(name);
            if (ReadSecurityScheme(name, key, scheme) is { } read)
            {
                schemes.Add(read);
            }
        }

        return schemes;
    }

    private SecuritySchemeSpec? ReadSecurityScheme(string name, YamlScalar key, YamlMapping scheme)
    {
        foreach (var (entry, _) in Entries(scheme))
        {
            if (entry.Value is not ("type" or "description" or "name" or "in" or "scheme" or "bearerFormat" or "flows" or "openIdConnectUrl")
                && !(_swagger2 && entry.Value is "flow" or "authorizationUrl" or "tokenUrl" or "scopes"))
            {
                ReportUnknown(entry);
            }
        }

        var typeNode = Get(scheme, "type");
        var type = Text(typeNode);
        var description = DocText(Get(scheme, "description"));
        switch (type)
        {
            case "apiKey":
                return ReadApiKeyScheme(name, key, scheme, description);
            case "http":
                var schemeNode = Get(scheme, "scheme");
                if (Text(schemeNode) is not { Length: > 0 } httpScheme)
                {
                    Report(DiagnosticDescriptors.InvalidValue, Locate(schemeNode ?? key), $"The http security scheme '{name}' needs a 'scheme' (bearer, basic, ...)");
                    return null;
                }

                var kind = httpScheme.Equals("bearer", StringComparison.OrdinalIgnoreCase) ? SecuritySchemeKind.Bearer
                    : httpScheme.Equals("basic", StringComparison.OrdinalIgnoreCase) ? SecuritySchemeKind.Basic
                    : SecuritySchemeKind.Unsupported;
                if (kind == SecuritySchemeKind.Unsupported)
                {
                    ReportUnsupportedScheme(name, $"http '{httpScheme}'", schemeNode!);
                }

                return new SecuritySchemeSpec(name, kind, "http " + httpScheme.ToLowerInvariant(), null, null, description, Locate(key));
            case "basic" when _swagger2:
                return new SecuritySchemeSpec(name, SecuritySchemeKind.Basic, "http basic", null, null, description, Locate(key));
            case "oauth2":
            case "openIdConnect":
            case "mutualTLS":
                ReportUnsupportedScheme(name, type, typeNode!);
                return new SecuritySchemeSpec(name, SecuritySchemeKind.Unsupported, type, null, null, description, Locate(key));
            default:
                Report(
                    DiagnosticDescriptors.InvalidValue,
                    Locate(typeNode ?? key),
                    $"The security scheme '{name}' needs a 'type': apiKey, http, oauth2, openIdConnect or mutualTLS{(type is null ? "" : $" (not '{type}')")}");
                return null;
        }
    }

    private SecuritySchemeSpec? ReadApiKeyScheme(string name, YamlScalar key, YamlMapping scheme, string? description)
    {
        var nameNode = Get(scheme, "name");
        var inNode = Get(scheme, "in");
        if (Text(nameNode) is not { Length: > 0 } parameter || Text(inNode) is not { } location)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(key), $"The apiKey security scheme '{name}' needs both 'name' and 'in'");
            return null;
        }

        if (Get(scheme, "x-amazon-apigateway-authtype") is { } authType && string.Equals(Text(authType), "awsSigv4", StringComparison.OrdinalIgnoreCase))
        {
            // API Gateway's exports declare SigV4 as an API key in the Authorization header; the signer writes that header.
            return new SecuritySchemeSpec(name, SecuritySchemeKind.AwsSigV4, "awsSigv4", location, parameter, description, Locate(key));
        }

        if (location is not ("header" or "query" or "cookie"))
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(inNode!), $"The apiKey security scheme '{name}' is 'in: {location}'; an API key goes in a header, query or cookie");
            return null;
        }

        if (!IsCodeSafe(nameNode!, "API key name"))
        {
            return null;
        }

        if (location != "query" && !SpecText.IsToken(parameter))
        {
            // RapidAPI's 'ADVICEment API Key': no header or cookie can carry that name, so no credential is sent for it.
            ReportUnsupportedScheme(name, $"an API key in the {location} '{parameter}', a name that is not an HTTP token: letters, digits and !#$%&'*+-.^_`|~", nameNode!);
            return new SecuritySchemeSpec(name, SecuritySchemeKind.Unsupported, "apiKey", null, null, description, Locate(key));
        }

        return new SecuritySchemeSpec(name, SecuritySchemeKind.ApiKey, "apiKey", location, parameter, description, Locate(key));
    }

    private void ReportUnsupportedScheme(string name, string what, YamlNode at) =>
        Report(
            DiagnosticDescriptors.UnsupportedSecurityScheme,
            Locate(at),
            $"The security scheme '{name}' ({what}) is not supported: the client sends no credentials for it; add a DelegatingHandler to the HttpClient that does");

    /// <summary>
    /// A <c>security</c> list: any one of its entries suffices, and an entry needs every scheme it names (<c>{}</c>
    /// needs none; <c>security: []</c>, no entry, needs nothing). Every name must be a declared scheme.
    /// </summary>
    private EquatableArray<SecurityRequirementSpec> ReadSecurity(YamlNode node)
    {
        var requirements = new List<SecurityRequirementSpec>();
        if (node is not YamlSequence sequence)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(node), "'security' must be a sequence of security requirements (mappings of scheme names to scopes)");
            return requirements.ToEquatableArray();
        }

        foreach (var item in sequence.Children)
        {
            Visit(item);
            if (item is not YamlMapping map)
            {
                Report(DiagnosticDescriptors.InvalidValue, Locate(item), "A security requirement must be a mapping of scheme names to lists of scopes ({} for none)");
                continue;
            }

            var schemes = new List<string>();
            foreach (var (key, value) in Entries(map))
            {
                var name = key.Value ?? "";
                if (!_schemeNames.Contains(name))
                {
                    Report(DiagnosticDescriptors.InvalidValue, Locate(key), $"The security requirement names '{name}', which 'components/securitySchemes' does not declare");
                }
                else if (value is not YamlSequence)
                {
                    Report(DiagnosticDescriptors.InvalidValue, Locate(value), $"The scopes of '{name}' must be a sequence ([] for none)");
                }
                else
                {
                    schemes.Add(name);
                }
            }

            requirements.Add(new SecurityRequirementSpec(schemes.ToEquatableArray(), Locate(item)));
        }

        return requirements.ToEquatableArray();
    }

    /// <summary><c>info.x-aws-signingName</c>: the service's SigV4 signing name (<c>apigateway</c>), a non-empty string.</summary>
    private string? ReadSigningName(YamlNode? info)
    {
        if (Get(info, "x-aws-signingName") is not { } node)
        {
            return null;
        }

        if (!IsCodeSafe(node, "signing name"))
        {
            return null;
        }

        if (Text(node) is not { Length: > 0 } name)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(node), "'x-aws-signingName' must be the service's SigV4 signing name, a non-empty string");
            return null;
        }

        return name;
    }
}
