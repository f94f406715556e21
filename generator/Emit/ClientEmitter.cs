using System.Collections.Generic;
using System.Linq;
using StageGen.Generator.Model;

namespace StageGen.Generator.Emit;

/// <summary>
/// <c>I{Name}Client</c> and <c>{Name}Client(HttpClient, ApiClientOptions?)</c>: one async method per operation that
/// validates, builds an escaped request, sends it, and maps the response to a result or a typed exception.
/// </summary>
internal static class ClientEmitter
{
    private const string Task = "global::System.Threading.Tasks.Task";
    private const string Token = "global::System.Threading.CancellationToken";
    private const string Http = "global::System.Net.Http";
    private const string ApiHttp = CSharp.CompilerServices + ".ApiHttp";

    public static bool Emit(ClientModel model, SourceWriter writer)
    {
        writer.Summary(model.Description is null ? $"Client for {model.Title ?? model.ClientName}." : $"Client for {model.Title ?? model.ClientName}: {model.Description}");
        if (model.ServiceErrorTable.Count > 0)
        {
            writer.DocLine($"<remarks>Any operation may also throw the service-wide errors:");
            writer.DocLine($"<list type=\"bullet\">");
            foreach (var error in model.ServiceErrors.Where(e => e.ExceptionName is not null))
            {
                writer.DocLine($"<item><see cref=\"{error.ExceptionName}\"/> ({error.StatusCode}): {error.Description?.Trim() ?? "the service's error"}</item>");
            }

            writer.DocLine($"</list>");
            writer.DocLine($"</remarks>");
        }

        writer.Line(SourceFiles.GeneratedCode);
        using (writer.Block($"public partial interface {model.InterfaceName}"))
        {
            for (var i = 0; i < model.Operations.Count; i++)
            {
                if (i > 0)
                {
                    writer.Line();
                }

                var operation = model.Operations[i];
                WriteOperationDocs(operation, writer);
                writer.Line($"{Signature(operation)};");
            }
        }

        writer.Line();
        writer.RawSummary($"The <see cref=\"{model.InterfaceName}\"/> over an <see cref=\"{Http}.HttpClient\"/> whose BaseAddress is the service's root URL.");
        writer.Line(SourceFiles.GeneratedCode);
        using (writer.Block($"public sealed partial class {model.ClassName} : {model.InterfaceName}"))
        {
            if (model.Operations.Count > 0)
            {
                EmitServiceDescriptor(model, writer);
                writer.Line();
            }

            foreach (var operation in model.Operations)
            {
                EmitDescriptor(model, operation, writer);
                writer.Line();
            }

            writer.Line($"private readonly {Http}.HttpClient {ClientFields.HttpClient};");
            writer.Line($"private readonly {CSharp.Runtime}.ApiClientOptions {ClientFields.Options};");
            if (model.Operations.Count > 0)
            {
                writer.Line($"private {CSharp.CompilerServices}.ApiBaseUri? {ClientFields.BaseUri};");
            }

            writer.Line();
            writer.RawSummary($"Creates the client.");
            writer.Doc("param", "The HttpClient to send with; its BaseAddress must be set. The client does not dispose it.", "httpClient");
            writer.Doc("param", "Validation and size limits; the defaults validate every request.", "options");
            using (writer.Block($"public {model.ClassName}({Http}.HttpClient httpClient, {CSharp.Runtime}.ApiClientOptions? options = null)"))
            {
                writer.Line($"{ClientFields.HttpClient} = httpClient ?? throw new global::System.ArgumentNullException(nameof(httpClient));");
                writer.Line($"{ClientFields.Options} = options ?? new {CSharp.Runtime}.ApiClientOptions();");
            }

            writer.Line();
            writer.RawSummary($"Creates the client with an HttpClient of its own that does not follow redirects (ApiHttpClient.Create).");
            writer.Doc("param", "The service's root URL.", "baseAddress");
            writer.Doc("param", "Validation and size limits; the defaults validate every request.", "options");
            using (writer.Block($"public {model.ClassName}(global::System.Uri baseAddress, {CSharp.Runtime}.ApiClientOptions? options = null)"))
            {
                writer.Line($"{ClientFields.HttpClient} = {CSharp.Runtime}.ApiHttpClient.Create(baseAddress);");
                writer.Line($"{ClientFields.Options} = options ?? new {CSharp.Runtime}.ApiClientOptions();");
            }

            foreach (var operation in model.Operations)
            {
                writer.Line();
                writer.Line("/// <inheritdoc />");
                EmitMethod(model, operation, writer);
            }
        }

        return true;
    }

    /// <summary>Parameters in call order: required ones (path, query, header), the body, then optional ones.</summary>
    private static IEnumerable<(string Declaration, string Name)> MethodParameters(OperationModel operation)
    {
        foreach (var parameter in operation.Parameters.Where(IsRequired))
        {
            yield return ($"{CSharp.TypeName(parameter.Type)} {parameter.Name}", parameter.Name);
        }

        if (operation.Body is { Required: true } body)
        {
            yield return ($"{CSharp.TypeName(body.Type)} body", "body");
        }

        foreach (var parameter in operation.Parameters.Where(p => !IsRequired(p)))
        {
            yield return ($"{CSharp.TypeName(parameter.Type)}? {parameter.Name} = null", parameter.Name);
        }

        if (operation.Body is { Required: false } optionalBody)
        {
            yield return ($"{CSharp.TypeName(optionalBody.Type)}? body = null", "body");
        }

        yield return ($"{Token} cancellationToken = default", "cancellationToken");
    }

    private static bool IsRequired(ParameterModel parameter) => parameter.Required && !parameter.Type.AllowsNull;

    private static string ReturnType(OperationModel operation) =>
        operation.Result is { } result ? $"{Task}<{CSharp.ElementTypeName(result)}>" : Task;

    private static string Signature(OperationModel operation) =>
        $"{ReturnType(operation)} {operation.Name}Async({string.Join(", ", MethodParameters(operation).Select(p => p.Declaration))})";

    private static void WriteOperationDocs(OperationModel operation, SourceWriter writer)
    {
        writer.Summary(operation.Summary ?? operation.Description ?? $"Calls {operation.Method.ToUpperInvariant()} {operation.PathTemplate}.");
        if (operation.Summary is not null)
        {
            writer.Doc("remarks", operation.Description);
        }

        foreach (var parameter in operation.Parameters)
        {
            writer.Doc("param", parameter.Description ?? $"The {parameter.In} parameter {parameter.WireName}.", parameter.Name);
        }

        if (operation.Body is { } body)
        {
            writer.Doc("param", body.Description ?? "The request body.", "body");
        }

        writer.Doc("param", "Cancels the call.", "cancellationToken");
        if (operation.Result is not null)
        {
            writer.Doc("returns", operation.ResultDescription ?? "The response body.");
        }

        writer.Line($"/// <exception cref=\"{CSharp.Runtime}.ApiValidationException\">The request breaks the spec's rules; nothing was sent.</exception>");
        foreach (var error in operation.Errors.Where(e => e.ExceptionName is not null))
        {
            writer.DocLine($"<exception cref=\"{error.ExceptionName}\">{error.StatusCode}: {error.Description?.Trim() ?? "the service's error"}</exception>");
        }

        writer.Line($"/// <exception cref=\"{CSharp.Runtime}.ApiResponseFormatException\">A success response whose body is not what the spec says.</exception>");
        writer.Line($"/// <exception cref=\"{CSharp.Runtime}.ApiException\">Any other status the service answers with, a redirect among them.</exception>");
        writer.Line("/// <exception cref=\"global::System.Net.Http.HttpRequestException\">The connection failed before or while the response arrived.</exception>");
        writer.Line("/// <exception cref=\"global::System.Threading.Tasks.TaskCanceledException\">The HttpClient's Timeout elapsed (InnerException is a TimeoutException), or cancellationToken was cancelled.</exception>");
        if (operation.Deprecated)
        {
            writer.Line("[global::System.Obsolete(\"Deprecated in the API spec.\")]");
        }
    }

    /// <summary>The service as the runtime sees it: the client's name and the service-wide error table, one line per row.</summary>
    private static void EmitServiceDescriptor(ClientModel model, SourceWriter writer)
    {
        var arguments = new[] { CSharp.Literal(model.ClassName) }.Concat(model.ServiceErrorTable.Select(ErrorRow)).ToList();
        EmitDescriptorField($"{CSharp.CompilerServices}.ApiService", model.ServiceDescriptor, arguments, 1, writer);
    }

    /// <summary>
    /// The operation as the runtime sees it: service, name, result reader and error table, built once for every call.
    /// </summary>
    private static void EmitDescriptor(ClientModel model, OperationModel operation, SourceWriter writer)
    {
        var arguments = new List<string> { model.ServiceDescriptor, CSharp.Literal(operation.OperationId) };
        var type = $"{CSharp.CompilerServices}.ApiOperation";
        if (operation.Result is { } result)
        {
            type += $"<{CSharp.ElementTypeName(result)}>";
            arguments.Add($"{model.JsonClassName}.{operation.ResultDeserializer}");
            arguments.Add(CSharp.Literal(Describe(result)));
        }

        var head = arguments.Count;
        arguments.AddRange(operation.ErrorTable.Select(ErrorRow));
        EmitDescriptorField(type, operation.Descriptor, arguments, head, writer);
    }

    /// <summary>A row of an error table: a status, a range (<c>4XX</c>) or <c>default</c>, the error's name and its exception's factory.</summary>
    private static string ErrorRow(ErrorCaseModel row)
    {
        var tail = $"{(row.Name is null ? "null" : CSharp.Literal(row.Name))}, {row.Exception}.{row.Factory}";
        return row.Match switch
        {
            ErrorMatch.Status => $"{CSharp.CompilerServices}.ApiError.Status({row.Code}, {tail})",
            ErrorMatch.Range => $"{CSharp.CompilerServices}.ApiError.Range({row.Code}, {tail})",
            _ => $"{CSharp.CompilerServices}.ApiError.Default({tail})",
        };
    }

    /// <summary>A static descriptor field: the first <paramref name="head"/> arguments on one line, then one per error row.</summary>
    private static void EmitDescriptorField(string type, string name, List<string> arguments, int head, SourceWriter writer)
    {
        if (arguments.Count == head)
        {
            writer.Line($"private static readonly {type} {name} = new({string.Join(", ", arguments)});");
            return;
        }

        writer.Line($"private static readonly {type} {name} = new(");
        var lines = new[] { string.Join(", ", arguments.Take(head)) }.Concat(arguments.Skip(head)).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            writer.Line($"    {lines[i]}{(i == lines.Count - 1 ? ");" : ",")}");
        }
    }

    private static void EmitMethod(ClientModel model, OperationModel operation, SourceWriter writer)
    {
        var locals = operation.Locals;
        using (writer.Block($"public async {Signature(operation)}"))
        {
            foreach (var parameter in operation.Parameters.Where(p => IsRequired(p) && !p.Type.IsValueType))
            {
                writer.Line($"global::System.ArgumentNullException.ThrowIfNull({parameter.Name});");
            }

            if (operation.Body is { Required: true } requiredBody && !(requiredBody.Type.IsValueType && !requiredBody.Type.AllowsNull))
            {
                writer.Line("global::System.ArgumentNullException.ThrowIfNull(body);");
            }

            writer.Line($"var {locals.BaseUri} = {CSharp.CompilerServices}.ApiBaseUri.Get({ClientFields.HttpClient}, ref {ClientFields.BaseUri}, {operation.Descriptor});");
            using (writer.Block($"if ({ClientFields.Options}.ValidateRequests)"))
            {
                writer.Line($"var {locals.Errors} = new {CSharp.CompilerServices}.ValidationErrors();");
                writer.Line($"{model.ValidationClassName}.Validate{operation.Name}Parameters({string.Join("", operation.Parameters.Select(p => p.Name + ", "))}ref {locals.Errors});");
                if (operation.Body is { Type.Kind: TypeKind.Object })
                {
                    writer.Line(operation.Body.Required
                        ? $"{model.ValidationClassName}.Validate(body, ref {locals.Errors});"
                        : $"if (body is not null) {model.ValidationClassName}.Validate(body, ref {locals.Errors});");
                }

                writer.Line($"{locals.Errors}.ToResult().ThrowIfInvalid();");
            }

            EmitUrl(operation, writer);
            writer.Line($"using var {locals.Request} = {ApiHttp}.Request({Http}.HttpMethod.{Names.Pascal(operation.Method)}, {locals.Uri}, {locals.BaseUri});");
            foreach (var header in operation.Parameters.Where(p => p.In == "header"))
            {
                EmitForValue(header, value => $"{ApiHttp}.AddHeader({locals.Request}, {CSharp.Literal(header.WireName)}, {FormatValue(header.Type, value)});", writer);
            }

            if (operation.Body is { } body)
            {
                // An optional body of a value type (a JsonElement) is a Nullable<T> parameter.
                var value = !body.Required && body.Type.IsValueType ? "body.Value" : "body";
                var set = $"{locals.Request}.Content = {ApiHttp}.JsonContent({model.JsonClassName}.{operation.BodySerializer}({value}));";
                if (body.Required)
                {
                    writer.Line(set);
                }
                else
                {
                    using (writer.Block("if (body is not null)"))
                    {
                        writer.Line(set);
                    }
                }
            }

            var send = $"{ApiHttp}.SendAsync({ClientFields.HttpClient}, {locals.Request}, {operation.Descriptor}, {ClientFields.Options}, cancellationToken).ConfigureAwait(false);";
            writer.Line(operation.Result is null ? $"await {send}" : $"return await {send}");
        }
    }

    private static string Describe(TypeModel type) => type.Kind switch
    {
        TypeKind.Object or TypeKind.Enum => type.Name!,
        TypeKind.List => "array",
        TypeKind.Map => "object",
        _ => type.Kind.ToString(),
    };

    /// <summary>
    /// Builds the URI: the base address's text (or "" when HttpClient must resolve the path against
    /// it), the template with each parameter escaped as one segment, then the query string.
    /// </summary>
    private static void EmitUrl(OperationModel operation, SourceWriter writer)
    {
        var locals = operation.Locals;
        var parts = new List<string> { locals.BaseUri };
        foreach (var part in operation.Path)
        {
            if (part.Literal is { } literal)
            {
                parts.Add(CSharp.Literal(literal));
            }
            else
            {
                var parameter = operation.Parameters.First(p => p.Name == part.Parameter);
                parts.Add($"{ApiHttp}.EscapePathSegment({FormatValue(parameter.Type, parameter.Name)}, {CSharp.Literal(parameter.Name.TrimStart('@'))})");
            }
        }

        // string.Concat takes up to four strings without an array; more are joined by an interpolated string.
        var concatenated = parts.Count == 1 ? parts[0]
            : parts.Count <= 4
            ? $"string.Concat({string.Join(", ", parts)})"
            : "$\"" + string.Concat(parts.Select(p => p.StartsWith("\"", System.StringComparison.Ordinal) ? InterpolatedText(p) : "{" + Hole(p) + "}")) + "\"";
        var query = operation.Parameters.Where(p => p.In == "query").ToList();
        if (query.Count == 0)
        {
            writer.Line($"var {locals.Uri} = {concatenated};");
            return;
        }

        writer.Line($"var {locals.Url} = new global::System.Text.StringBuilder({concatenated});");
        writer.Line($"var {locals.HasQuery} = false;");
        foreach (var parameter in query)
        {
            if (parameter.Type.Kind == TypeKind.List)
            {
                // Arrays go as repeated names (form style, explode: true), the OpenAPI default for query parameters.
                EmitForValue(parameter, value => $"foreach (var {locals.Item} in {value}) {ApiHttp}.AppendQuery({locals.Url}, ref {locals.HasQuery}, {CSharp.Literal(parameter.WireName)}, {FormatValue(parameter.Type.Element!, locals.Item)});", writer);
            }
            else
            {
                EmitForValue(parameter, value => $"{ApiHttp}.AppendQuery({locals.Url}, ref {locals.HasQuery}, {CSharp.Literal(parameter.WireName)}, {FormatValue(parameter.Type, value)});", writer);
            }
        }

        writer.Line($"var {locals.Uri} = {locals.Url}.ToString();");
    }

    /// <summary>An expression as an interpolation hole: parenthesized unless it is a plain name (a <c>:</c> would start a format).</summary>
    private static string Hole(string expression) => expression.All(c => char.IsLetterOrDigit(c) || c == '_') ? expression : "(" + expression + ")";

    /// <summary>A C# string literal's text as literal text inside an interpolated string (braces doubled).</summary>
    private static string InterpolatedText(string literal) =>
        literal.Substring(1, literal.Length - 2).Replace("{", "{{").Replace("}", "}}");

    /// <summary>
    /// Writes the statement <paramref name="statement"/> makes of the parameter's value, guarded when it is optional (a
    /// function, not a template to fill in: spec text in the statement, such as a wire name, stays as it is).
    /// </summary>
    private static void EmitForValue(ParameterModel parameter, System.Func<string, string> statement, SourceWriter writer)
    {
        if (IsRequired(parameter))
        {
            writer.Line(statement(parameter.Name));
            return;
        }

        var value = parameter.ValueLocal;
        using (writer.Block($"if ({parameter.Name} is {{ }} {value})"))
        {
            writer.Line(statement(value));
        }
    }

    /// <summary>A parameter value as the text the wire carries.</summary>
    private static string FormatValue(TypeModel type, string value) => type.Kind switch
    {
        TypeKind.String => value,
        TypeKind.Enum => value + ".Value",
        _ => $"{ApiHttp}.Format({value})",
    };
}
