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
    private const string ApiAuth = CSharp.CompilerServices + ".ApiAuth";
    private const string ApiHeaders = CSharp.CompilerServices + ".ApiHeaders";

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
                if (operation.Headers is not null)
                {
                    writer.Line();
                    WriteOperationDocs(operation, writer, withHeaders: true);
                    writer.Line($"{Signature(operation, withHeaders: true)};");
                }
            }
        }

        writer.Line();
        writer.RawSummary($"The <see cref=\"{model.InterfaceName}\"/> over an <see cref=\"{Http}.HttpClient\"/> whose BaseAddress is the service's root URL{(model.Server is null ? "" : $" (without one, the spec's server: see {model.OptionsClassName}.DefaultBaseAddress)")}.");
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
            writer.Line($"private readonly {model.OptionsClassName} {ClientFields.Options};");
            if (model.Operations.Count > 0)
            {
                writer.Line($"private {CSharp.CompilerServices}.ApiBaseUri? {ClientFields.BaseUri};");
            }

            writer.Line();
            writer.RawSummary($"Creates the client.");
            writer.Doc("param", model.Server is null
                ? "The HttpClient to send with; its BaseAddress must be set. The client does not dispose it."
                : "The HttpClient to send with; without a BaseAddress, requests go to the spec's server. The client does not dispose it.", "httpClient");
            writer.DocLine($"<param name=\"options\">The settings (<see cref=\"{model.OptionsClassName}\"/>); the defaults validate every request.</param>");
            using (writer.Block($"public {model.ClassName}({Http}.HttpClient httpClient, {model.OptionsClassName}? options = null)"))
            {
                writer.Line($"{ClientFields.HttpClient} = httpClient ?? throw new global::System.ArgumentNullException(nameof(httpClient));");
                writer.Line($"{ClientFields.Options} = options ?? new {model.OptionsClassName}();");
            }

            writer.Line();
            writer.RawSummary($"Creates the client with an HttpClient of its own that does not follow redirects (ApiHttpClient.Create).");
            writer.Doc("param", "The service's root URL.", "baseAddress");
            writer.DocLine($"<param name=\"options\">The settings (<see cref=\"{model.OptionsClassName}\"/>); the defaults validate every request.</param>");
            using (writer.Block($"public {model.ClassName}(global::System.Uri baseAddress, {model.OptionsClassName}? options = null)"))
            {
                writer.Line($"{ClientFields.HttpClient} = {CSharp.Runtime}.ApiHttpClient.Create(baseAddress);");
                writer.Line($"{ClientFields.Options} = options ?? new {model.OptionsClassName}();");
            }

            if (model.NeedsNoHttpClient)
            {
                writer.Line();
                writer.RawSummary($"Creates the client with an HttpClient of its own that does not follow redirects, sending to the spec's server (<see cref=\"{model.OptionsClassName}.DefaultBaseAddress\"/>).");
                writer.DocLine($"<param name=\"options\">The settings (<see cref=\"{model.OptionsClassName}\"/>), the server's variables among them; the defaults validate every request.</param>");
                using (writer.Block($"public {model.ClassName}({model.OptionsClassName}? options = null)"))
                {
                    writer.Line($"{ClientFields.HttpClient} = {CSharp.Runtime}.ApiHttpClient.Create();");
                    writer.Line($"{ClientFields.Options} = options ?? new {model.OptionsClassName}();");
                }
            }

            foreach (var operation in model.Operations)
            {
                writer.Line();
                writer.Line("/// <inheritdoc />");
                EmitMethod(model, operation, writer);
                if (operation.Headers is not null)
                {
                    writer.Line();
                    writer.Line("/// <inheritdoc />");
                    EmitMethod(model, operation, writer, withHeaders: true);
                    writer.Line();
                    EmitRequestBuilder(model, operation, writer);
                }
            }
        }

        foreach (var operation in model.Operations.Where(o => o.Headers is not null))
        {
            EmitHeadersRecord(operation, operation.Headers!, writer);
        }

        return true;
    }

    /// <summary>
    /// <c>{Operation}Headers</c>: a nullable property per declared response header, set when the response has the header
    /// in its schema's form.
    /// </summary>
    private static void EmitHeadersRecord(OperationModel operation, ResponseHeadersModel headers, SourceWriter writer)
    {
        writer.Line();
        writer.Summary($"The response headers {operation.OperationId} declares, each read by its schema: null when the response does not have it or its value is not of that form (the text as sent is in ApiResponse.Response.Headers).");
        writer.Line(SourceFiles.GeneratedCode);
        using (writer.Block($"public sealed partial record {headers.TypeName}"))
        {
            for (var i = 0; i < headers.Headers.Count; i++)
            {
                var header = headers.Headers[i];
                if (i > 0)
                {
                    writer.Line();
                }

                writer.Summary(HeaderSummary(header.Description, header.JsonName));
                if (header.Deprecated)
                {
                    writer.Line("[global::System.Obsolete(\"Deprecated in the API spec.\")]");
                }

                writer.Line($"public {CSharp.TypeName(header.Type)}? {header.Name} {{ get; init; }}");
            }
        }
    }

    /// <summary>The runtime call that reads one declared header from the response info <paramref name="response"/>.</summary>
    private static string ReadHeader(PropertyModel header, string response)
    {
        var name = CSharp.Literal(header.JsonName);
        var type = header.Type;
        if (type.Kind == TypeKind.List)
        {
            var element = type.Element!;
            var parse = element.Kind == TypeKind.Enum
                ? $"static (string text, out {element.Name} value) => {{ value = new {element.Name}(text); return true; }}"
                : $"{ApiHeaders}.Try{HeaderReader(element.Kind)}";
            return $"{ApiHeaders}.List<{CSharp.ElementTypeName(element with { AllowsNull = false })}>({response}, {name}, {parse})";
        }

        return type.Kind switch
        {
            TypeKind.Enum => $"{ApiHeaders}.Enum({response}, {name}, static text => new {type.Name}(text))",
            TypeKind.IntegerEnum => $"({type.Name}?){ApiHeaders}.Int64({response}, {name})",
            _ => $"{ApiHeaders}.{HeaderReader(type.Kind)}({response}, {name})",
        };
    }

    private static string HeaderReader(TypeKind kind) => kind == TypeKind.Enum ? "String" : kind.ToString();

    /// <summary>
    /// A response header's summary: its description with the header named before the closing period ("The blob's
    /// version (the ETag header)."), or the header's name alone.
    /// </summary>
    private static string HeaderSummary(string? description, string headerName)
    {
        if (description is null)
        {
            return $"The {headerName} header.";
        }

        var text = description.TrimEnd();
        return text.EndsWith(".", System.StringComparison.Ordinal)
            ? $"{text.Substring(0, text.Length - 1)} (the {headerName} header)."
            : $"{text} (the {headerName} header)";
    }

    /// <summary>
    /// Parameters in call order: required ones (path, query, header), the body, then optional ones. The request
    /// builder's (<paramref name="builder"/>) have no defaults, and the token only where the builder awaits.
    /// </summary>
    private static IEnumerable<(string Declaration, string Name)> MethodParameters(OperationModel operation, bool builder = false)
    {
        var absent = builder ? "" : " = null";
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
            yield return ($"{CSharp.TypeName(parameter.Type)}? {parameter.Name}{absent}", parameter.Name);
        }

        if (operation.Body is { Required: false } optionalBody)
        {
            yield return ($"{CSharp.TypeName(optionalBody.Type)}? body{absent}", "body");
        }

        if (!builder)
        {
            yield return ($"{Token} cancellationToken = default", "cancellationToken");
        }
        else if (operation.AwaitsCredentials)
        {
            yield return ($"{Token} cancellationToken", "cancellationToken");
        }
    }

    private static bool IsRequired(ParameterModel parameter) => parameter.Required && !parameter.Type.AllowsNull;

    private static string ReturnType(OperationModel operation, bool withHeaders) =>
        withHeaders
            ? $"{Task}<{CSharp.Runtime}.ApiResponse<{(operation.Result is { } body ? CSharp.ElementTypeName(body) + ", " : "")}{operation.Headers!.TypeName}>>"
            : operation.Result is { } result ? $"{Task}<{CSharp.ElementTypeName(result)}>" : Task;

    private static string Signature(OperationModel operation, bool withHeaders = false) =>
        $"{ReturnType(operation, withHeaders)} {(withHeaders ? operation.WithHeadersName : operation.Name)}Async({string.Join(", ", MethodParameters(operation).Select(p => p.Declaration))})";

    private static void WriteOperationDocs(OperationModel operation, SourceWriter writer, bool withHeaders = false)
    {
        writer.Summary(operation.Summary ?? operation.Description ?? $"Calls {operation.Method.ToUpperInvariant()} {operation.PathKey}.");
        if (withHeaders)
        {
            writer.DocLine($"<remarks>As <see cref=\"{operation.Name}Async\"/>, and returns the response's declared headers too, read into <see cref=\"{operation.Headers!.TypeName}\"/>.</remarks>");
        }

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
            var sent = body.MediaType is null ? "" : body.IsForm ? " Sent as form fields (application/x-www-form-urlencoded)."
                : body.IsMultipart ? $" Sent as multipart/form-data, a part per member{(body.Files.Count > 0 ? ", the files last; each file's stream is disposed with the request" : "")}."
                : body.Type.Kind == TypeKind.Stream
                ? $" Sent as it is, from its current position, as {body.MediaType}; disposed with the request."
                : $" Sent as UTF-8 text, as {body.MediaType}.";
            writer.Doc("param", (body.Description ?? "The request body.") + sent, "body");
        }

        writer.Doc("param", "Cancels the call.", "cancellationToken");
        if (operation.Result is { } result)
        {
            var read = operation.ResultMediaType is null ? "" : result.Kind == TypeKind.Stream
                ? $" Its bytes ({operation.ResultMediaType}), read whole before the call returns, up to the options' MaxResponseBodyBytes."
                : $" Its text ({operation.ResultMediaType}), read as UTF-8.";
            writer.Doc("returns", withHeaders
                ? $"The response: Body ({(operation.ResultDescription ?? "the response body").TrimEnd('.')}),{read} Headers (the declared ones, read), and Response (status and every header as sent)."
                : (operation.ResultDescription ?? "The response body.") + read);
        }
        else if (withHeaders)
        {
            writer.Doc("returns", "The response: Headers (the declared ones, read) and Response (status and every header as sent).");
        }

        writer.Line($"/// <exception cref=\"{CSharp.Runtime}.ApiValidationException\">The request breaks the spec's rules; nothing was sent.</exception>");
        if (operation.Auth is { } auth)
        {
            writer.DocLine($"<exception cref=\"global::System.InvalidOperationException\">The credentials the operation needs are not set: {auth.Needed}. Nothing was sent.</exception>");
        }

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
            arguments.Add(operation.ResultMediaType is null ? $"{model.JsonClassName}.{operation.ResultDeserializer}"
                : result.Kind == TypeKind.Stream ? $"{ApiHttp}.ReadStream" : $"{ApiHttp}.ReadText");
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

    /// <summary>
    /// One of an operation's public methods: the request built in its body, or, when the operation has a method with
    /// headers too, by the builder both call (<see cref="EmitRequestBuilder"/>); then sent.
    /// </summary>
    private static void EmitMethod(ClientModel model, OperationModel operation, SourceWriter writer, bool withHeaders = false)
    {
        var locals = operation.Locals;
        using (writer.Block($"public async {Signature(operation, withHeaders)}"))
        {
            if (operation.Headers is null)
            {
                EmitRequestStart(model, operation, writer);
                writer.Line($"using var {locals.Request} = {RequestCall(operation)};");
                EmitRequestParts(model, operation, writer);
            }
            else
            {
                var arguments = string.Join(", ", MethodParameters(operation, builder: true).Select(p => p.Name));
                writer.Line(operation.AwaitsCredentials
                    ? $"using var {locals.Request} = await {operation.RequestBuilder}({arguments}).ConfigureAwait(false);"
                    : $"using var {locals.Request} = {operation.RequestBuilder}({arguments});");
            }

            if (withHeaders)
            {
                // The declared headers, read from the response info in a static lambda the runtime calls on success.
                var headers = operation.Headers!;
                writer.Line($"return await {ApiHttp}.SendAsync({ClientFields.HttpClient}, {locals.Request}, {operation.Descriptor}, static {locals.Response} => new {headers.TypeName}");
                writer.Line("{");
                foreach (var header in headers.Headers)
                {
                    writer.Line($"    {header.Name} = {ReadHeader(header, locals.Response)},");
                }

                writer.Line($"}}, {ClientFields.Options}, cancellationToken).ConfigureAwait(false);");
                return;
            }

            var send = $"{ApiHttp}.SendAsync({ClientFields.HttpClient}, {locals.Request}, {operation.Descriptor}, {ClientFields.Options}, cancellationToken).ConfigureAwait(false);";
            writer.Line(operation.Result is null ? $"await {send}" : $"return await {send}");
        }
    }

    /// <summary>
    /// The request the two methods of an operation with headers send, built once: the arguments checked, the URL built,
    /// the credentials, headers and body on it; disposed if building it fails.
    /// </summary>
    private static void EmitRequestBuilder(ClientModel model, OperationModel operation, SourceWriter writer)
    {
        var locals = operation.Locals;
        var returns = operation.AwaitsCredentials ? $"async global::System.Threading.Tasks.ValueTask<{Http}.HttpRequestMessage>" : $"{Http}.HttpRequestMessage";
        writer.RawSummary($"The request <see cref=\"{operation.Name}Async\"/> and <see cref=\"{operation.WithHeadersName}Async\"/> send.");
        using (writer.Block($"private {returns} {operation.RequestBuilder}({string.Join(", ", MethodParameters(operation, builder: true).Select(p => p.Declaration))})"))
        {
            EmitRequestStart(model, operation, writer);
            var parts = new SourceWriter();
            EmitRequestParts(model, operation, parts);
            if (parts.IsEmpty)
            {
                writer.Line($"return {RequestCall(operation)};");
                return;
            }

            writer.Line($"var {locals.Request} = {RequestCall(operation)};");
            using (writer.Block("try"))
            {
                writer.Append(parts);
                writer.Line($"return {locals.Request};");
            }

            using (writer.Block("catch"))
            {
                writer.Line($"{locals.Request}.Dispose();");
                writer.Line("throw;");
            }
        }
    }

    /// <summary>What a request is checked and addressed by before it is made: arguments, validation, credentials chosen, URL.</summary>
    private static void EmitRequestStart(ClientModel model, OperationModel operation, SourceWriter writer)
    {
        var locals = operation.Locals;
        foreach (var parameter in operation.Parameters.Where(p => IsRequired(p) && !p.Type.IsValueType))
        {
            writer.Line($"global::System.ArgumentNullException.ThrowIfNull({parameter.Name});");
        }

        if (operation.Body is { Required: true } requiredBody && !(requiredBody.Type.IsValueType && !requiredBody.Type.AllowsNull))
        {
            writer.Line("global::System.ArgumentNullException.ThrowIfNull(body);");
        }

        writer.Line($"var {locals.BaseUri} = {CSharp.CompilerServices}.ApiBaseUri.Get({ClientFields.HttpClient}, ref {ClientFields.BaseUri}, {ClientFields.Options}, {operation.Descriptor});");
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

        if (operation.Auth is { } auth)
        {
            EmitAuthChoice(operation, auth, writer);
        }

        EmitUrl(model, operation, writer);
    }

    /// <summary>The runtime call that makes the request (method, URI, what it accepts).</summary>
    private static string RequestCall(OperationModel operation)
    {
        var locals = operation.Locals;
        var accept = operation.ResultMediaType is { } resultMediaType ? ", " + CSharp.Literal(resultMediaType) : "";
        return $"{ApiHttp}.Request({Http}.HttpMethod.{Names.Pascal(operation.Method)}, {locals.Uri}, {locals.BaseUri}{accept})";
    }

    /// <summary>What goes on a made request: header and cookie parameters, credentials, the body.</summary>
    private static void EmitRequestParts(ClientModel model, OperationModel operation, SourceWriter writer)
    {
        var locals = operation.Locals;
        foreach (var header in operation.Parameters.Where(p => p.In == "header"))
        {
            EmitForValue(header, value => $"{ApiHttp}.AddHeader({locals.Request}, {CSharp.Literal(header.WireName)}, {FormatValue(header.Type, value)});", writer);
        }

        foreach (var cookie in operation.Parameters.Where(p => p.In == "cookie"))
        {
            EmitForValue(cookie, value => $"{ApiHttp}.AddCookie({locals.Request}, {CSharp.Literal(cookie.WireName)}, {FormatValue(cookie.Type, value)});", writer);
        }

        EmitCredentials(model, operation, inQuery: false, writer);

        if (operation.Body is { } body)
        {
            // An optional body of a value type (a JsonElement) is a Nullable<T> parameter.
            var value = !body.Required && body.Type.IsValueType ? "body.Value" : "body";
            var content = body.MediaType is null ? $"{ApiHttp}.JsonContent({model.JsonClassName}.{operation.BodySerializer}({value}))"
                : body.IsForm ? $"{ApiHttp}.FormContent({model.JsonClassName}.{operation.BodySerializer}({value}){IndexedLists(body)})"
                : body.IsMultipart ? $"{ApiHttp}.MultipartContent({model.JsonClassName}.{operation.BodySerializer}({value}){PartEncodings(body)})"
                : body.Type.Kind == TypeKind.Stream ? $"{ApiHttp}.StreamContent({value}, {CSharp.Literal(body.MediaType)})"
                : $"{ApiHttp}.TextContent({value}, {CSharp.Literal(body.MediaType)})";
            var lines = new List<string> { $"{locals.Request}.Content = {content};" };

            // A multipart body's files follow its other parts, each from the caller's stream (null: left out).
            lines.AddRange(body.Files.Select(file =>
                $"{ApiHttp}.{(file.IsList ? "AddFiles" : "AddFile")}({locals.Request}, {CSharp.Literal(file.WireName)}, {value}.{file.Property}, {(file.ContentType is null ? "null" : CSharp.Literal(file.ContentType))});"));
            if (body.Required)
            {
                lines.ForEach(line => writer.Line(line));
            }
            else
            {
                using (writer.Block("if (body is not null)"))
                {
                    lines.ForEach(line => writer.Line(line));
                }
            }
        }
    }

    /// <summary>The form members whose lists go indexed, as the runtime's argument (none: no argument).</summary>
    private static string IndexedLists(RequestBodyModel body) =>
        body.IndexedLists.Count == 0 ? "" : ", " + string.Join(", ", body.IndexedLists.Select(CSharp.Literal));

    /// <summary>How a multipart body's members are sent where their <c>encoding</c> says, as the runtime's arguments (none: no argument).</summary>
    private static string PartEncodings(RequestBodyModel body) =>
        string.Concat(body.PartEncodings.Select(encoding => encoding.AsFields
            ? $", {CSharp.CompilerServices}.ApiPartEncoding.Fields({CSharp.Literal(encoding.WireName)}, indexLists: {(encoding.IndexLists ? "true" : "false")})"
            : $", {CSharp.CompilerServices}.ApiPartEncoding.Typed({CSharp.Literal(encoding.WireName)}, {CSharp.Literal(encoding.ContentType!)})"));

    private static string Describe(TypeModel type) => type.Kind switch
    {
        TypeKind.Object or TypeKind.Enum or TypeKind.IntegerEnum => type.Name!,
        TypeKind.List => "array",
        TypeKind.Map => "object",
        _ => type.Kind.ToString(),
    };

    /// <summary>
    /// Builds the URI: the base address's text (or "" when HttpClient must resolve the path against
    /// it), the template with each parameter escaped as one segment, then the query string.
    /// </summary>
    private static void EmitUrl(ClientModel model, OperationModel operation, SourceWriter writer)
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

        var concatenated = CSharp.Concat(parts);
        var query = operation.Parameters.Where(p => p.In == "query").ToList();
        if (query.Count == 0 && operation.FixedQuery.Count == 0 && !HasCredentials(operation, inQuery: true))
        {
            writer.Line($"var {locals.Uri} = {concatenated};");
            return;
        }

        writer.Line($"var {locals.Url} = new global::System.Text.StringBuilder({concatenated});");
        writer.Line($"var {locals.HasQuery} = false;");
        foreach (var pair in operation.FixedQuery)
        {
            writer.Line($"{ApiHttp}.AppendQuery({locals.Url}, ref {locals.HasQuery}, {CSharp.Literal(pair.Name)}, {CSharp.Literal(pair.Value)});");
        }

        foreach (var parameter in query)
        {
            if (parameter.SendsJsonText)
            {
                EmitForValue(parameter, value => $"{ApiHttp}.AppendQueryJsonText({locals.Url}, ref {locals.HasQuery}, {CSharp.Literal(parameter.WireName)}, {model.JsonClassName}.Serialize({value}));", writer);
            }
            else if (parameter.IsStructured)
            {
                var deepObject = parameter.DeepObject ? "true" : "false";
                EmitForValue(parameter, value => $"{ApiHttp}.AppendQueryJson({locals.Url}, ref {locals.HasQuery}, {CSharp.Literal(parameter.WireName)}, {model.JsonClassName}.Serialize({value}), deepObject: {deepObject});", writer);
            }
            else if (parameter.Type.Kind == TypeKind.List && parameter.ListSeparator is { } separator)
            {
                // explode: false and the delimited styles: one name, the items joined.
                var element = parameter.Type.Element!;
                string Items(string value) => element.Kind == TypeKind.String ? value : $"global::System.Linq.Enumerable.Select({value}, static item => {FormatValue(element, "item")})";
                EmitForValue(parameter, value => $"{ApiHttp}.AppendQuery({locals.Url}, ref {locals.HasQuery}, {CSharp.Literal(parameter.WireName)}, string.Join({CSharp.Literal(separator)}, {Items(value)}));", writer);
            }
            else if (parameter.Type.Kind == TypeKind.List)
            {
                // Arrays go as repeated names (form style, explode: true), the OpenAPI default for query parameters.
                EmitForValue(parameter, value => $"foreach (var {locals.Item} in {value}) {ApiHttp}.AppendQuery({locals.Url}, ref {locals.HasQuery}, {CSharp.Literal(parameter.WireName)}, {FormatValue(parameter.Type.Element!, locals.Item)});", writer);
            }
            else
            {
                EmitForValue(parameter, value => $"{ApiHttp}.AppendQuery({locals.Url}, ref {locals.HasQuery}, {CSharp.Literal(parameter.WireName)}, {FormatValue(parameter.Type, value)});", writer);
            }
        }

        EmitCredentials(model, operation, inQuery: true, writer);
        writer.Line($"var {locals.Uri} = {locals.Url}.ToString();");
    }

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

    /// <summary>
    /// Checks, before the request is built, that the credentials the operation's security needs are set. With one way to
    /// authenticate, the call fails when they are not; with a choice, the local says which alternative has them (1, 2,
    /// ... in the spec's order), 0 when the operation may go without, and the call fails when neither holds.
    /// </summary>
    private static void EmitAuthChoice(OperationModel operation, OperationAuthModel auth, SourceWriter writer)
    {
        var missing = $"throw {ApiAuth}.Missing({operation.Descriptor}, {CSharp.Literal(auth.Needed)})";
        if (!auth.HasChoice)
        {
            var schemes = auth.Alternatives[0].Schemes;
            writer.Line($"if ({string.Join(" || ", schemes.Select(scheme => IsMissing(scheme, schemes.Count > 1)))}) {missing};");
            return;
        }

        var choice = auth.Alternatives.Select((alternative, i) => $"{string.Join(" && ", alternative.Schemes.Select(IsSet))} ? {i + 1} : ");
        writer.Line($"var {auth.ChoiceLocal} = {string.Concat(choice)}{(auth.AllowsNone ? "0" : missing)};");
    }

    /// <summary>Whether the options hold a scheme's credentials: an API key, a bearer token or its provider, a user name and password.</summary>
    private static string IsSet(SecuritySchemeModel scheme) => scheme.Kind switch
    {
        CredentialKind.Bearer => $"(!string.IsNullOrEmpty({Option(scheme.Credential)}) || {Option(scheme.SecondCredential)} is not null)",
        CredentialKind.Basic => $"!string.IsNullOrEmpty({Option(scheme.Credential)}) && {Option(scheme.SecondCredential)} is not null",
        _ => $"!string.IsNullOrEmpty({Option(scheme.Credential)})",
    };

    /// <summary>The negation of <see cref="IsSet"/>, parenthesized when it is joined to others.</summary>
    private static string IsMissing(SecuritySchemeModel scheme, bool joined)
    {
        var missing = scheme.Kind switch
        {
            CredentialKind.Bearer => $"string.IsNullOrEmpty({Option(scheme.Credential)}) && {Option(scheme.SecondCredential)} is null",
            CredentialKind.Basic => $"string.IsNullOrEmpty({Option(scheme.Credential)}) || {Option(scheme.SecondCredential)} is null",
            _ => $"string.IsNullOrEmpty({Option(scheme.Credential)})",
        };
        return joined && scheme.Kind is CredentialKind.Bearer or CredentialKind.Basic ? "(" + missing + ")" : missing;
    }

    private static string Option(string? member) => $"{ClientFields.Options}.{member}";

    /// <summary>Whether an alternative of the operation's security puts a credential in the query (or, without <paramref name="inQuery"/>, in the request's headers).</summary>
    private static bool HasCredentials(OperationModel operation, bool inQuery) =>
        operation.Auth is { } auth && auth.Alternatives.Any(alternative => alternative.Schemes.Any(scheme => (scheme.Kind == CredentialKind.ApiKeyQuery) == inQuery));

    /// <summary>
    /// Puts the chosen alternative's credentials on the request: with <paramref name="inQuery"/> the API keys that go in
    /// the query (while the URL is built), else the rest (once the request is made). With a choice, each alternative's
    /// under a check of the choice.
    /// </summary>
    private static void EmitCredentials(ClientModel model, OperationModel operation, bool inQuery, SourceWriter writer)
    {
        if (operation.Auth is not { } auth || !HasCredentials(operation, inQuery))
        {
            return;
        }

        for (var i = 0; i < auth.Alternatives.Count; i++)
        {
            var schemes = auth.Alternatives[i].Schemes.Where(scheme => (scheme.Kind == CredentialKind.ApiKeyQuery) == inQuery).ToList();
            if (schemes.Count == 0)
            {
                continue;
            }

            if (!auth.HasChoice)
            {
                schemes.ForEach(scheme => writer.Line(Apply(model, operation, scheme)));
                continue;
            }

            using (writer.Block($"if ({auth.ChoiceLocal} == {i + 1})"))
            {
                schemes.ForEach(scheme => writer.Line(Apply(model, operation, scheme)));
            }
        }
    }

    /// <summary>The runtime call that puts one scheme's credentials on the request (or its URL).</summary>
    private static string Apply(ClientModel model, OperationModel operation, SecuritySchemeModel scheme)
    {
        var locals = operation.Locals;
        var name = scheme.ParameterName is { } parameter ? CSharp.Literal(parameter) : "";
        string Names(string? member) => CSharp.Literal(model.OptionsClassName + "." + member);
        return scheme.Kind switch
        {
            CredentialKind.ApiKeyQuery => $"{ApiAuth}.AppendApiKeyQuery({locals.Url}, ref {locals.HasQuery}, {name}, {Option(scheme.Credential)}, {operation.Descriptor}, {Names(scheme.Credential)});",
            CredentialKind.ApiKeyCookie => $"{ApiAuth}.AddApiKeyCookie({locals.Request}, {name}, {Option(scheme.Credential)}, {operation.Descriptor}, {Names(scheme.Credential)});",
            CredentialKind.Basic => $"{ApiAuth}.AddBasic({locals.Request}, {Option(scheme.Credential)}, {Option(scheme.SecondCredential)}, {operation.Descriptor}, {Names(scheme.Credential)}, {Names(scheme.SecondCredential)});",
            CredentialKind.Bearer => $"await {ApiAuth}.AddBearerAsync({locals.Request}, {Option(scheme.Credential)}, {Option(scheme.SecondCredential)}, {operation.Descriptor}, {Names(scheme.Credential)}, {Names(scheme.SecondCredential)}, cancellationToken).ConfigureAwait(false);",
            _ => $"{ApiAuth}.AddApiKeyHeader({locals.Request}, {name}, {Option(scheme.Credential)}, {operation.Descriptor}, {Names(scheme.Credential)});",
        };
    }

    /// <summary>A parameter value as the text the wire carries.</summary>
    private static string FormatValue(TypeModel type, string value) => type.Kind switch
    {
        TypeKind.String => value,
        TypeKind.Enum => value + ".Value",
        TypeKind.IntegerEnum => $"{ApiHttp}.Format((long){value})",
        _ => $"{ApiHttp}.Format({value})",
    };
}
