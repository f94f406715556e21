using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace StageGen.Emulator;

/// <summary>Writes every response the emulator sends: Stage JSON and the service's error shapes.</summary>
internal static class Responses
{
    public const string RequestIdHeader = "x-amzn-RequestId";
    public const string ErrorTypeHeader = "x-amzn-ErrorType";
    public const string JsonContentType = "application/json";

    // Relaxed escaping keeps messages readable (stageVariables["bad key"]); these bodies are never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>200 with the Stage, 204 empty, or the 404/409 error of a store operation.</summary>
    public static Task WriteAsync(HttpContext context, StageResult result) => result.Status switch
    {
        StatusCodes.Status200OK => JsonAsync(context, StatusCodes.Status200OK, writer => WriteStage(writer, result.Stage!)),
        StatusCodes.Status204NoContent => NoContentAsync(context),
        StatusCodes.Status404NotFound => NotFoundAsync(context, result.Message!, "Stage"),
        StatusCodes.Status409Conflict => ErrorAsync(context, StatusCodes.Status409Conflict, "ConflictException", result.Message!),
        _ => throw new InvalidOperationException($"No response for status {result.Status}."),
    };

    public static Task BadRequestAsync(HttpContext context, string message) =>
        ErrorAsync(context, StatusCodes.Status400BadRequest, "BadRequestException", message);

    public static Task NotFoundAsync(HttpContext context, string message, string? resourceType) =>
        ErrorAsync(context, StatusCodes.Status404NotFound, "NotFoundException", message,
            resourceType is null ? null : ("resourceType", resourceType));

    /// <summary>The live service's 429: <c>TooManyRequestsException</c> with <c>Retry-After</c> in whole seconds.</summary>
    public static Task TooManyRequestsAsync(HttpContext context, TimeSpan retryAfter, string limitType)
    {
        int seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ErrorAsync(context, StatusCodes.Status429TooManyRequests, "TooManyRequestsException",
            "Too Many Requests", ("limitType", limitType));
    }

    /// <summary>The service's 403 for a request it does not accept as signed.</summary>
    public static Task ForbiddenAsync(HttpContext context, Refusal refusal) =>
        ErrorAsync(context, StatusCodes.Status403Forbidden, refusal.ErrorType, refusal.Message);

    public static async Task RawAsync(HttpContext context, int status, string contentType, ReadOnlyMemory<byte> body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static Task NoContentAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    /// <summary>The service's error shape: <c>x-amzn-ErrorType</c> and <c>{"message": ...}</c> (with one more member when given).</summary>
    public static Task ErrorAsync(HttpContext context, int status, string errorType, string message,
        (string Name, string Value)? extra = null)
    {
        context.Response.Headers[ErrorTypeHeader] = errorType;
        return JsonAsync(context, status, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("message", message);
            if (extra is var (name, value))
            {
                writer.WriteString(name, value);
            }
            writer.WriteEndObject();
        });
    }

    private static Task JsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }
        return RawAsync(context, status, JsonContentType, buffer.WrittenMemory);
    }

    /// <summary>A Stage with camelCase members as in the spec; absent (<c>null</c>) members are left out.</summary>
    private static void WriteStage(Utf8JsonWriter writer, StageData stage)
    {
        writer.WriteStartObject();
        writer.WriteString("stageName", stage.StageName);
        WriteString(writer, "description", stage.Description);
        WriteString(writer, "deploymentId", stage.DeploymentId);
        WriteString(writer, "clientCertificateId", stage.ClientCertificateId);
        WriteRouteSettings(writer, "defaultRouteSettings", stage.DefaultRouteSettings);
        WriteMap(writer, "routeSettings", stage.RouteSettings, (name, settings) => WriteRouteSettings(writer, name, settings));
        WriteMap(writer, "stageVariables", stage.StageVariables, writer.WriteString);
        if (stage.AccessLogSettings is { } accessLog)
        {
            writer.WriteStartObject("accessLogSettings");
            WriteString(writer, "format", accessLog.Format);
            WriteString(writer, "destinationArn", accessLog.DestinationArn);
            writer.WriteEndObject();
        }
        WriteBoolean(writer, "autoDeploy", stage.AutoDeploy);
        WriteString(writer, "lastDeploymentStatusMessage", stage.LastDeploymentStatusMessage);
        WriteString(writer, "createdDate", FormatDate(stage.CreatedDate));
        WriteString(writer, "lastUpdatedDate", FormatDate(stage.LastUpdatedDate));
        WriteMap(writer, "tags", stage.Tags, writer.WriteString);
        WriteBoolean(writer, "apiGatewayManaged", stage.ApiGatewayManaged);
        writer.WriteEndObject();
    }

    private static void WriteRouteSettings(Utf8JsonWriter writer, string name, RouteSettingsData? settings)
    {
        if (settings is null)
        {
            return;
        }
        writer.WriteStartObject(name);
        WriteBoolean(writer, "detailedMetricsEnabled", settings.DetailedMetricsEnabled);
        WriteString(writer, "loggingLevel", settings.LoggingLevel);
        WriteBoolean(writer, "dataTraceEnabled", settings.DataTraceEnabled);
        if (settings.ThrottlingBurstLimit is { } burst)
        {
            writer.WriteNumber("throttlingBurstLimit", burst);
        }
        if (settings.ThrottlingRateLimit is { } rate)
        {
            writer.WriteNumber("throttlingRateLimit", rate);
        }
        writer.WriteEndObject();
    }

    private static void WriteMap<T>(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, T>? map, Action<string, T> writeEntry)
    {
        if (map is null)
        {
            return;
        }
        writer.WriteStartObject(name);
        foreach ((string key, T value) in map)
        {
            writeEntry(key, value);
        }
        writer.WriteEndObject();
    }

    private static void WriteString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteBoolean(Utf8JsonWriter writer, string name, bool? value)
    {
        if (value is { } flag)
        {
            writer.WriteBoolean(name, flag);
        }
    }

    // RFC 3339 in UTC with a 7-digit fraction: lossless for DateTimeOffset, so seeded dates round-trip exactly.
    private static string? FormatDate(DateTimeOffset? date) =>
        date?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
