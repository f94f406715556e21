using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace StageGen.Benchmarks.Floor;

/// <summary>
/// The floor's JSON code, written by hand the way a careful person who knows the schema would: property names matched
/// by length then bytes, enums matched as UTF-8 without a string, names written from pre-encoded text, one cached
/// writer and buffer per thread, no reflection.
/// </summary>
public static class FloorJson
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    private static readonly JsonEncodedText Description = JsonEncodedText.Encode("description");
    private static readonly JsonEncodedText DeploymentId = JsonEncodedText.Encode("deploymentId");
    private static readonly JsonEncodedText ClientCertificateId = JsonEncodedText.Encode("clientCertificateId");
    private static readonly JsonEncodedText DefaultRouteSettings = JsonEncodedText.Encode("defaultRouteSettings");
    private static readonly JsonEncodedText RouteSettingsName = JsonEncodedText.Encode("routeSettings");
    private static readonly JsonEncodedText StageVariables = JsonEncodedText.Encode("stageVariables");
    private static readonly JsonEncodedText AccessLogSettingsName = JsonEncodedText.Encode("accessLogSettings");
    private static readonly JsonEncodedText AutoDeploy = JsonEncodedText.Encode("autoDeploy");
    private static readonly JsonEncodedText DetailedMetricsEnabled = JsonEncodedText.Encode("detailedMetricsEnabled");
    private static readonly JsonEncodedText LoggingLevelName = JsonEncodedText.Encode("loggingLevel");
    private static readonly JsonEncodedText DataTraceEnabled = JsonEncodedText.Encode("dataTraceEnabled");
    private static readonly JsonEncodedText ThrottlingBurstLimit = JsonEncodedText.Encode("throttlingBurstLimit");
    private static readonly JsonEncodedText ThrottlingRateLimit = JsonEncodedText.Encode("throttlingRateLimit");
    private static readonly JsonEncodedText Format = JsonEncodedText.Encode("format");
    private static readonly JsonEncodedText DestinationArn = JsonEncodedText.Encode("destinationArn");
    private static readonly JsonEncodedText Error = JsonEncodedText.Encode("ERROR");
    private static readonly JsonEncodedText Info = JsonEncodedText.Encode("INFO");
    private static readonly JsonEncodedText Off = JsonEncodedText.Encode("OFF");

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    // ---- reading ----

    public static Stage ReadStage(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        reader.Read();
        var stage = ReadStage(ref reader);
        if (reader.Read())
        {
            throw new JsonException("Trailing data after the Stage.");
        }

        return stage;
    }

    private static Stage ReadStage(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var stage = new Stage();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name(ref reader);
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            switch (name.Length)
            {
                case 4 when name.SequenceEqual("tags"u8):
                    stage.Tags = ReadStringMap(ref reader);
                    break;
                case 9 when name.SequenceEqual("stageName"u8):
                    stage.StageName = String(ref reader);
                    break;
                case 10 when name.SequenceEqual("autoDeploy"u8):
                    stage.AutoDeploy = Boolean(ref reader);
                    break;
                case 11 when name.SequenceEqual("description"u8):
                    stage.Description = String(ref reader);
                    break;
                case 11 when name.SequenceEqual("createdDate"u8):
                    stage.CreatedDate = DateTime(ref reader);
                    break;
                case 12 when name.SequenceEqual("deploymentId"u8):
                    stage.DeploymentId = String(ref reader);
                    break;
                case 13 when name.SequenceEqual("routeSettings"u8):
                    stage.RouteSettings = ReadRouteSettingsMap(ref reader);
                    break;
                case 14 when name.SequenceEqual("stageVariables"u8):
                    stage.StageVariables = ReadStringMap(ref reader);
                    break;
                case 15 when name.SequenceEqual("lastUpdatedDate"u8):
                    stage.LastUpdatedDate = DateTime(ref reader);
                    break;
                case 17 when name.SequenceEqual("accessLogSettings"u8):
                    stage.AccessLogSettings = ReadAccessLogSettings(ref reader);
                    break;
                case 17 when name.SequenceEqual("apiGatewayManaged"u8):
                    stage.ApiGatewayManaged = Boolean(ref reader);
                    break;
                case 19 when name.SequenceEqual("clientCertificateId"u8):
                    stage.ClientCertificateId = String(ref reader);
                    break;
                case 20 when name.SequenceEqual("defaultRouteSettings"u8):
                    stage.DefaultRouteSettings = ReadRouteSettings(ref reader);
                    break;
                case 27 when name.SequenceEqual("lastDeploymentStatusMessage"u8):
                    stage.LastDeploymentStatusMessage = String(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return stage;
    }

    private static RouteSettings ReadRouteSettings(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var settings = new RouteSettings();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name(ref reader);
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            switch (name.Length)
            {
                case 12 when name.SequenceEqual("loggingLevel"u8):
                    settings.LoggingLevel = Level(ref reader);
                    break;
                case 16 when name.SequenceEqual("dataTraceEnabled"u8):
                    settings.DataTraceEnabled = Boolean(ref reader);
                    break;
                case 19 when name.SequenceEqual("throttlingRateLimit"u8):
                    settings.ThrottlingRateLimit = reader.GetDouble();
                    break;
                case 20 when name.SequenceEqual("throttlingBurstLimit"u8):
                    settings.ThrottlingBurstLimit = reader.GetInt32();
                    break;
                case 22 when name.SequenceEqual("detailedMetricsEnabled"u8):
                    settings.DetailedMetricsEnabled = Boolean(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return settings;
    }

    private static AccessLogSettings ReadAccessLogSettings(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var settings = new AccessLogSettings();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name(ref reader);
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            if (name.SequenceEqual("format"u8))
            {
                settings.Format = String(ref reader);
            }
            else if (name.SequenceEqual("destinationArn"u8))
            {
                settings.DestinationArn = String(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return settings;
    }

    private static Dictionary<string, RouteSettings> ReadRouteSettingsMap(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var map = new Dictionary<string, RouteSettings>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.Null)
            {
                map[key] = ReadRouteSettings(ref reader);
            }
        }

        return map;
    }

    private static Dictionary<string, string> ReadStringMap(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var map = new Dictionary<string, string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.Null)
            {
                map[key] = String(ref reader);
            }
        }

        return map;
    }

    private static ReadOnlySpan<byte> Name(ref Utf8JsonReader reader) =>
        !reader.HasValueSequence && !reader.ValueIsEscaped ? reader.ValueSpan : Encoding.UTF8.GetBytes(reader.GetString()!);

    private static LoggingLevel Level(ref Utf8JsonReader reader) =>
        reader.TokenType != JsonTokenType.String ? throw new JsonException("loggingLevel: expected a string.")
        : reader.ValueTextEquals("ERROR"u8) ? LoggingLevel.Error
        : reader.ValueTextEquals("INFO"u8) ? LoggingLevel.Info
        : reader.ValueTextEquals("OFF"u8) ? LoggingLevel.Off
        : throw new JsonException("loggingLevel: unknown value.");

    private static string String(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException("Expected a string.");

    private static bool Boolean(ref Utf8JsonReader reader) => reader.GetBoolean();

    private static DateTimeOffset DateTime(ref Utf8JsonReader reader) => reader.GetDateTimeOffset();

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (reader.TokenType != token)
        {
            throw new JsonException($"Expected {token} at byte {reader.TokenStartIndex}.");
        }
    }

    // ---- writing ----

    /// <summary>The body as exact-size UTF-8 bytes, written with this thread's cached writer and buffer.</summary>
    public static byte[] Serialize(UpdateStageInput value)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        Write(writer, value);
        writer.Flush();
        var bytes = buffer.WrittenSpan.ToArray();
        buffer.ResetWrittenCount();
        return bytes;
    }

    private static void Write(Utf8JsonWriter writer, UpdateStageInput value)
    {
        writer.WriteStartObject();
        if (value.Description is { } description)
        {
            writer.WriteString(Description, description);
        }

        if (value.DeploymentId is { } deploymentId)
        {
            writer.WriteString(DeploymentId, deploymentId);
        }

        if (value.ClientCertificateId is { } clientCertificateId)
        {
            writer.WriteString(ClientCertificateId, clientCertificateId);
        }

        if (value.DefaultRouteSettings is { } defaultRouteSettings)
        {
            writer.WritePropertyName(DefaultRouteSettings);
            Write(writer, defaultRouteSettings);
        }

        if (value.RouteSettings is { } routeSettings)
        {
            writer.WriteStartObject(RouteSettingsName);
            foreach (var (key, settings) in routeSettings)
            {
                writer.WritePropertyName(key);
                Write(writer, settings);
            }

            writer.WriteEndObject();
        }

        if (value.StageVariables is { } stageVariables)
        {
            writer.WriteStartObject(StageVariables);
            foreach (var (key, text) in stageVariables)
            {
                writer.WriteString(key, text);
            }

            writer.WriteEndObject();
        }

        if (value.AccessLogSettings is { } accessLogSettings)
        {
            writer.WriteStartObject(AccessLogSettingsName);
            if (accessLogSettings.Format is { } format)
            {
                writer.WriteString(Format, format);
            }

            if (accessLogSettings.DestinationArn is { } destinationArn)
            {
                writer.WriteString(DestinationArn, destinationArn);
            }

            writer.WriteEndObject();
        }

        if (value.AutoDeploy is { } autoDeploy)
        {
            writer.WriteBoolean(AutoDeploy, autoDeploy);
        }

        writer.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter writer, RouteSettings value)
    {
        writer.WriteStartObject();
        if (value.DetailedMetricsEnabled is { } detailedMetricsEnabled)
        {
            writer.WriteBoolean(DetailedMetricsEnabled, detailedMetricsEnabled);
        }

        if (value.LoggingLevel is { } loggingLevel)
        {
            writer.WriteString(LoggingLevelName, loggingLevel switch
            {
                LoggingLevel.Error => Error,
                LoggingLevel.Info => Info,
                _ => Off,
            });
        }

        if (value.DataTraceEnabled is { } dataTraceEnabled)
        {
            writer.WriteBoolean(DataTraceEnabled, dataTraceEnabled);
        }

        if (value.ThrottlingBurstLimit is { } throttlingBurstLimit)
        {
            writer.WriteNumber(ThrottlingBurstLimit, throttlingBurstLimit);
        }

        if (value.ThrottlingRateLimit is { } throttlingRateLimit)
        {
            writer.WriteNumber(ThrottlingRateLimit, throttlingRateLimit);
        }

        writer.WriteEndObject();
    }
}
