using System;
using System.ComponentModel;
using System.Text.Json;

namespace StageGen.Runtime.CompilerServices;

/// <summary>
/// Which error a response names, as AWS's JSON protocols (restJson1, awsJson) send it: the <c>x-amzn-ErrorType</c>
/// header, else the JSON body's <c>code</c> member, else its <c>__type</c>, each without a namespace
/// (<c>com.amazonaws#NotFoundException</c>) or a trailing <c>:</c> part (<c>NotFoundException:http://...</c>); and the
/// body's <c>message</c> (or <c>Message</c>). Other services that name their errors in a <c>code</c> member read the
/// same way.
/// </summary>
/// <remarks>For generated code and StageGen.Aws; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ApiServiceError
{
    /// <summary>The response header that names the error.</summary>
    public const string ErrorTypeHeader = "x-amzn-ErrorType";

    private ApiServiceError(string? code, string? message)
    {
        Code = code;
        Message = message;
    }

    /// <summary>The error's name, or null when the response names none.</summary>
    public string? Code { get; }

    /// <summary>The body's message member as sent, or null.</summary>
    public string? Message { get; }

    /// <summary>
    /// Reads the name and message from the <c>x-amzn-ErrorType</c> header's value and the body. A body that is not a
    /// JSON object gives neither; one that breaks off keeps what was read before.
    /// </summary>
    public static ApiServiceError Read(string? errorType, ReadOnlySpan<byte> utf8Body)
    {
        string? message = null, code = null, type = null;
        if (utf8Body.TrimStart(" \t\r\n"u8).StartsWith("{"u8))
        {
            try
            {
                var reader = new Utf8JsonReader(utf8Body, new JsonReaderOptions { MaxDepth = ApiJson.MaxDepth });
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var member = reader.ValueIsEscaped ? Member(Text(ref reader)) : Member(reader.ValueSpan);
                    reader.Read();
                    if (member != 0 && reader.TokenType == JsonTokenType.String && Text(ref reader) is { } value)
                    {
                        switch (member)
                        {
                            case 1:
                                message ??= value;
                                break;
                            case 2:
                                code ??= value;
                                break;
                            default:
                                type ??= value;
                                break;
                        }
                    }

                    reader.Skip();
                }
            }
            catch (JsonException)
            {
                // What was read before the malformed part is kept; the body itself stays on the exception.
            }
        }

        return new ApiServiceError(BareCode(errorType) ?? BareCode(code) ?? BareCode(type), message);
    }

    /// <summary>
    /// The string the reader is on, or null when it cannot be text (an escaped lone surrogate, <c>"\uD800"</c>): such a
    /// name or value names nothing, and the members around it still count.
    /// </summary>
    private static string? Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>1 for a message member, 2 for a code, 3 for <c>__type</c>, 0 for any other.</summary>
    private static int Member(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("message"u8) || name.SequenceEqual("Message"u8) ? 1
        : name.SequenceEqual("code"u8) || name.SequenceEqual("Code"u8) ? 2
        : name.SequenceEqual("__type"u8) ? 3
        : 0;

    private static int Member(string? name) => name switch
    {
        "message" or "Message" => 1,
        "code" or "Code" => 2,
        "__type" => 3,
        _ => 0,
    };

    /// <summary><c>ns#Code:extra</c> → <c>Code</c>; null for nothing left.</summary>
    private static string? BareCode(string? code)
    {
        if (code is null)
        {
            return null;
        }

        var colon = code.IndexOf(':');
        var bare = (colon >= 0 ? code.AsSpan(0, colon) : code.AsSpan());
        bare = bare.Slice(bare.LastIndexOf('#') + 1).Trim();
        return bare.Length == 0 ? null : bare.Length == code.Length ? code : bare.ToString();
    }
}
