using System;
using System.Linq;
using System.Text;
using CsCheck;

namespace StageGen.Fuzz.Tests.Infrastructure;

/// <summary>
/// CsCheck generators of hostile response bodies: random bytes; JSON built from the members the generated readers
/// know, with wrong types, duplicate keys, huge numbers, long and badly escaped strings; depth bombs; real bodies
/// mutated byte by byte (invalid UTF-8 sequences, truncation, deleted and repeated ranges); and invalid UTF-8, lone
/// surrogate escapes and control characters in every string position the readers know.
/// </summary>
public static class JsonGens
{
    /// <summary>Bodies a real server sends: a whole Stage, an Item, an ItemPage and an error.</summary>
    public static readonly string[] RealBodies =
    [
        """
        {"stageName":"prod","description":"Production","deploymentId":"dep-1","clientCertificateId":"cert-1",
         "defaultRouteSettings":{"detailedMetricsEnabled":true,"loggingLevel":"ERROR","dataTraceEnabled":false,"throttlingBurstLimit":500,"throttlingRateLimit":250.5},
         "routeSettings":{"GET /items":{"loggingLevel":"INFO","throttlingBurstLimit":10}},
         "stageVariables":{"lambdaAlias":"live","logLevel":"warn"},
         "accessLogSettings":{"format":"$context.requestId","destinationArn":"arn:aws:logs:eu-west-1:1:log-group:x"},
         "autoDeploy":false,"lastDeploymentStatusMessage":"ok","createdDate":"2024-01-15T10:00:00.0000000Z",
         "lastUpdatedDate":"2024-01-15T10:00:00+02:00","tags":{"team":"payments"},"apiGatewayManaged":false}
        """,
        """
        {"id":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","sku":"ABCD1234","name":"Bolt","quantity":12,"price":0.25,"tags":["steel","m4"],
         "notes":null,"status":"available","dimensions":{"widthMm":4,"heightMm":20.5,"depthMm":4,"weightGrams":3},
         "attributes":{"colour":"grey"},"releasedOn":"2024-02-29","manualUrl":"https://example.com/m.pdf","thumbnail":"aGVsbG8=",
         "createdAt":"2024-01-15T10:00:00Z","updatedAt":null,"revision":7}
        """,
        """
        {"items":[{"id":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","sku":"ABCD1234","name":"Bolt","quantity":1,"createdAt":"2024-01-15T10:00:00Z"}],"nextCursor":null}
        """,
        """
        {"message":"Invalid stage identifier specified","resourceType":"Stage","limitType":"RequestRate","title":"Not found","status":404,"detail":"no such item"}
        """,
    ];

    private static readonly string[] Keys =
    [
        "stageName", "description", "deploymentId", "clientCertificateId", "defaultRouteSettings", "routeSettings",
        "stageVariables", "accessLogSettings", "autoDeploy", "lastDeploymentStatusMessage", "createdDate", "lastUpdatedDate",
        "tags", "apiGatewayManaged", "detailedMetricsEnabled", "loggingLevel", "dataTraceEnabled", "throttlingBurstLimit",
        "throttlingRateLimit", "format", "destinationArn", "message", "resourceType", "limitType", "id", "sku", "name",
        "quantity", "price", "notes", "status", "dimensions", "attributes", "widthMm", "heightMm", "depthMm", "weightGrams",
        "items", "nextCursor", "createdAt", "updatedAt", "revision", "releasedOn", "manualUrl", "thumbnail", "title", "detail",
        "", "stageName\\u0000", "stage\\u004eame", "__proto__", "constructor",
    ];

    private static readonly string[] Strings =
    [
        "", "prod", "$default", "ERROR", "INFO", "OFF", "TRACE", "available", "on-hold", "2024-01-15T10:00:00Z", "2024-01-15T10:00:00.1234567+14:00",
        "2024-13-45T99:99:99Z", "2024-02-29", "2023-02-29", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z", "not a date",
        "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "3f2504e0-4f89-11d3-9a0c", "{3f2504e0-4f89-11d3-9a0c-0305e82c3301}", "aGVsbG8=", "aGVsbG8", "!!!",
        "https://example.com/", "relative/path", "http://[::1", "\\u0000", "\\uD800", "\\uDC00", "\\uDBFF\\uDFFF", "\\uD800\\u0041", "\\uZZZZ", "\\x41",
        "\\", "\\\\", "\\\"", "\\/", "\\b\\f\\n\\r\\t", "😀", "\u00e9", "\u2028", "</script>", "%s%n", "'; DROP TABLE stages; --",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "0.5", "1.0", "1e2", "1E+2", "1e-2", "2147483647", "2147483648", "-2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e308", "1e309", "1e400", "-1e400", "1e-400",
        "3.4028235e38", "3.5e38", "123456789012345678901234567890", "0.1234567890123456789012345678901234567890",
        "01", "1.", ".5", "+1", "-", "1e", "NaN", "Infinity", "-Infinity", "0x10",
    ];

    /// <summary>A JSON scalar as text (some of them not valid JSON).</summary>
    private static readonly Gen<string> Scalar = Gen.Frequency(
        (4, Gen.OneOf(Strings).Select(s => "\"" + s + "\"")),
        (3, Gen.OneOf(Numbers)),
        (2, Gen.OneOf("true", "false", "null", "tru", "nul", "True")),
        (1, Gen.String[Gen.Char[' ', '~'], 0, 30].Select(s => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"")),
        (1, Gen.Int[1_000, 50_000].Select(n => "\"" + new string('x', n) + "\"")),
        (1, Gen.Int[100, 5_000].Select(n => "1" + new string('0', n))),
        (1, Gen.Int[100, 5_000].Select(n => "0." + new string('0', n) + "1")));

    private static readonly Gen<string> Key = Gen.Frequency(
        (6, Gen.OneOf(Keys)),
        (1, Gen.String[Gen.Char['a', 'z'], 0, 12]));

    /// <summary>A JSON value of at most <paramref name="depth"/> levels, with known keys and any types under them.</summary>
    private static Gen<string> Value(int depth) => depth <= 0
        ? Scalar
        : Gen.Frequency(
            (5, Scalar),
            (3, Gen.Select(Key.Array[0, 8], Value(depth - 1).Array[8], Gen.Bool).Select((keys, values, duplicate) =>
                "{" + string.Join(",", keys.Select((k, i) => $"\"{k}\":{values[i]}").Concat(duplicate && keys.Length > 0 ? [$"\"{keys[0]}\":{values[^1]}"] : [])) + "}")),
            (2, Value(depth - 1).Array[0, 5].Select(values => "[" + string.Join(",", values) + "]")));

    /// <summary>An object with known members whose values are anything.</summary>
    public static readonly Gen<byte[]> Structured = Gen.Select(Key.Array[1, 14], Value(3).Array[14])
        .Select((keys, values) => Encoding.UTF8.GetBytes("{" + string.Join(",", keys.Select((k, i) => $"\"{k}\":{values[i]}")) + "}"));

    /// <summary>Nesting far past the readers' limit of 64, in known and unknown members, in arrays and objects.</summary>
    public static readonly Gen<byte[]> DepthBomb = Gen.Select(Gen.OneOf(Keys), Gen.Frequency((3, Gen.Int[55, 75]), (1, Gen.Int[75, 20_000])), Gen.Int[0, 3], Gen.Bool)
        .Select((key, depth, kind, closed) =>
        {
            var open = kind switch { 0 => "[", 1 => "{\"a\":", 2 => "{\"routeSettings\":", _ => "[{\"x\":" };
            var close = kind switch { 0 => "]", 1 => "}", 2 => "}", _ => "}]" };
            var text = new StringBuilder().Append("{\"").Append(key).Append("\":");
            for (var i = 0; i < depth; i++)
            {
                text.Append(open);
            }

            text.Append("1");
            if (closed)
            {
                for (var i = 0; i < depth; i++)
                {
                    text.Append(close);
                }

                text.Append('}');
            }

            return Encoding.UTF8.GetBytes(text.ToString());
        });

    private static readonly byte[][] BadUtf8 =
    [
        [0xFF], [0xFE], [0xC0, 0x80], [0xC1, 0xBF], [0x80], [0xBF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80],
        [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xEF, 0xBB, 0xBF], [0x00], [0x1F], [0x7F],
    ];

    /// <summary>A real body (or a structured one) with 1 to 4 byte-level mutations.</summary>
    public static readonly Gen<byte[]> Mutated = Gen.Select(
            Gen.Frequency((3, Gen.Int[0, RealBodies.Length - 1].Select(i => Encoding.UTF8.GetBytes(RealBodies[i]))), (1, Structured)),
            Gen.Int[1, 4],
            Gen.Int[0, 6].Array[4],
            Gen.Int[0, int.MaxValue].Array[12],
            Gen.Byte.Array[4])
        .Select((body, count, kinds, picks, bytes) =>
        {
            var list = body.ToList();
            var p = 0;
            int Pick(int n) => n <= 0 ? 0 : picks[p++ % picks.Length] % n;
            for (var m = 0; m < count; m++)
            {
                var at = Pick(list.Count + 1);
                switch (kinds[m])
                {
                    case 0: // invalid UTF-8, often inside a string
                        list.InsertRange(at, BadUtf8[Pick(BadUtf8.Length)]);
                        break;
                    case 1: // truncate
                        list.RemoveRange(at, list.Count - at);
                        break;
                    case 2: // delete a range
                        list.RemoveRange(at, Math.Min(list.Count - at, 1 + Pick(20)));
                        break;
                    case 3: // repeat a range (duplicate members, doubled tokens)
                        var length = Math.Min(list.Count - at, 1 + Pick(60));
                        list.InsertRange(at, list.GetRange(at, length));
                        break;
                    case 4: // random byte
                        if (list.Count > 0)
                        {
                            list[Math.Min(at, list.Count - 1)] = bytes[m];
                        }

                        break;
                    case 5: // a structural character
                        const string structural = "{}[]:,\"\\ntfe-.0";
                        list.Insert(at, (byte)structural[Pick(structural.Length)]);
                        break;
                    default: // a scalar of another type
                        list.InsertRange(at, Encoding.UTF8.GetBytes(Numbers[Pick(Numbers.Length)]));
                        break;
                }
            }

            return list.ToArray();
        });

    /// <summary>
    /// Where a string sits in a body the readers know, with <c>@@</c> for the hostile part: member values, map keys and
    /// values, enum values, unknown member names, error bodies (<c>message</c> and <c>Message</c>), array items, and
    /// date-time, date, uuid, uri and base64 strings.
    /// </summary>
    private static readonly string[] StringPlaces =
    [
        "\"stageName\":\"@@\"", "\"description\":\"prod @@\"", "\"deploymentId\":\"@@\"", "\"sku\":\"@@\"", "\"name\":\"@@\"", "\"notes\":\"@@\"",
        "\"nextCursor\":\"@@\"", "\"accessLogSettings\":{\"format\":\"@@\"}", "\"lastDeploymentStatusMessage\":\"@@\"",
        "\"stageVariables\":{\"@@\":\"v\"}", "\"routeSettings\":{\"@@\":{\"loggingLevel\":\"INFO\"}}", "\"tags\":{\"@@\":\"x\"}", "\"attributes\":{\"@@\":\"x\"}",
        "\"stageVariables\":{\"k\":\"@@\"}", "\"attributes\":{\"k\":\"@@\"}", "\"tags\":{\"team\":\"@@\"}",
        "\"defaultRouteSettings\":{\"loggingLevel\":\"@@\"}", "\"routeSettings\":{\"GET /\":{\"loggingLevel\":\"@@\"}}", "\"status\":\"@@\"", "\"status\":\"available@@\"",
        "\"@@\":1", "\"@@\":\"x\"", "\"@@\":{\"a\":[1]}", "\"x@@\":null", "\"stageName@@\":\"a\"",
        "\"message\":\"@@\"", "\"Message\":\"@@\"", "\"MESSAGE\":\"@@\"", "\"message\":\"a\",\"Message\":\"@@\"", "\"Message\":\"@@\",\"message\":\"b\"",
        "\"message\":\"@@\",\"message\":\"again\"", "\"resourceType\":\"@@\"", "\"limitType\":\"@@\"", "\"title\":\"@@\"", "\"detail\":\"@@\"",
        "\"tags\":[\"@@\"]", "\"tags\":[\"steel\",\"@@\"]", "\"items\":[{\"sku\":\"@@\"}]", "\"items\":[{\"id\":\"@@\"}]", "\"items\":[\"@@\"]",
        "\"createdDate\":\"@@\"", "\"lastUpdatedDate\":\"2024-01-15T10:00:00Z@@\"", "\"createdAt\":\"@@2024-01-15T10:00:00Z\"", "\"updatedAt\":\"2024-01@@-15T10:00:00Z\"",
        "\"id\":\"@@\"", "\"id\":\"3f2504e0-4f89-11d3-9a0c-0305e82c3301@@\"", "\"id\":\"3f2504e0-4f89-11d3-@@-0305e82c3301\"", "\"releasedOn\":\"2024-02-29@@\"",
        "\"manualUrl\":\"https://example.com/@@\"", "\"thumbnail\":\"aGVs@@bG8=\"",
    ];

    /// <summary>Bytes no JSON string may hold: invalid UTF-8 (overlong, encoded surrogates, past U+10FFFF, cut short) and raw control characters.</summary>
    private static readonly byte[][] BadStringBytes =
    [
        [0xFF], [0xFE], [0x80], [0xC0, 0x80], [0xC1, 0xBF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
        [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0x00], [0x1B], [0x0D, 0x0A], [0x0D], [0x0A], [0x09], [0x7F],
    ];

    /// <summary>Escapes that are valid JSON but not valid UTF-16 (lone and reversed surrogates), and escaped control characters.</summary>
    private static readonly string[] HostileEscapes =
    [
        "\\uD800", "\\uDC00", "\\uDBFF", "\\uDFFF", "\\uD800\\uD800", "\\uDFFF\\uD800", "\\uD83D", "\\uD800\\u0041", "\\uD800x", "\\uDBFF\\uDFFF",
        "\\u001B", "\\u001b[31m", "\\r\\n", "\\r", "\\u0000", "\\u0007", "\\u0085", "\\u2028", "\\u2029", "\\b", "\\f", "\\u007F",
    ];

    private static readonly Gen<byte[]> HostilePiece = Gen.Frequency(
        (2, Gen.OneOf(BadStringBytes)),
        (2, Gen.OneOf(HostileEscapes).Select(Encoding.UTF8.GetBytes)),
        (1, Gen.OneOf("", "a", "prod", "\u00e9", "😀", " ").Select(Encoding.UTF8.GetBytes)));

    /// <summary>
    /// A real body (or an empty object) with one member whose string holds 1 to 3 hostile pieces (<see cref="BadStringBytes"/>,
    /// <see cref="HostileEscapes"/>) in one of <see cref="StringPlaces"/>.
    /// </summary>
    public static readonly Gen<byte[]> HostileStrings = Gen.Select(Gen.Int[-1, RealBodies.Length - 1], Gen.OneOf(StringPlaces), HostilePiece.Array[1, 3], Gen.Bool)
        .Select(byte[] (body, place, pieces, first) =>
        {
            var at = place.IndexOf("@@", StringComparison.Ordinal);
            var member = Encoding.UTF8.GetBytes(place.Substring(0, at)).Concat(pieces.SelectMany(p => p)).Concat(Encoding.UTF8.GetBytes(place.Substring(at + 2))).ToArray();
            if (body < 0)
            {
                return [(byte)'{', .. member, (byte)'}'];
            }

            var real = Encoding.UTF8.GetBytes(RealBodies[body].Trim());
            return first
                ? [(byte)'{', .. member, (byte)',', .. real.AsSpan(1)]
                : [.. real.AsSpan(0, real.Length - 1), (byte)',', .. member, (byte)'}'];
        });

    /// <summary>Every kind of body, weighted toward the ones that reach deep into the readers.</summary>
    public static readonly Gen<byte[]> Body = Gen.Frequency(
        (2, Gen.Byte.Array[0, 300]),
        (1, Gen.String[Gen.Char[' ', '~'], 0, 200].Select(Encoding.UTF8.GetBytes)),
        (5, Structured),
        (6, Mutated),
        (1, DepthBomb),
        (6, HostileStrings),
        (1, Gen.OneOf(Encoding.UTF8.GetBytes(""), Encoding.UTF8.GetBytes(" "), Encoding.UTF8.GetBytes("null"), Encoding.UTF8.GetBytes("[]"), Encoding.UTF8.GetBytes("{}"),
            Encoding.UTF8.GetBytes("{}{}"), Encoding.UTF8.GetBytes("{} x"), Encoding.UTF8.GetBytes("\"{}\""), Encoding.UTF8.GetBytes("{\"stageName\":\"a\"}/*c*/"),
            Encoding.UTF8.GetBytes("{\"stageName\":\"a\",}"), Encoding.UTF8.GetBytes("\uFEFF{}"), new byte[] { 0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}' })));
}
