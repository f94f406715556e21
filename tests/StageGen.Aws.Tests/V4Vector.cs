using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace StageGen.Aws.Tests;

/// <summary>One case of AWS's SigV4 test suite (TestData/v4/NAME): its context.json, request.txt and expected files.</summary>
internal sealed class V4Vector
{
    public required string Name { get; init; }
    public required string AccessKey { get; init; }
    public required string SecretKey { get; init; }
    public string? Token { get; init; }
    public required string Region { get; init; }
    public required string Service { get; init; }
    public required DateTime Timestamp { get; init; }
    public required bool Normalize { get; init; }
    public required bool SignBody { get; init; }
    public required bool OmitSessionToken { get; init; }
    public required string Method { get; init; }
    /// <summary>The path exactly as request.txt writes it (raw: <c>/ሴ</c>, <c>/example space/</c>).</summary>
    public required string Path { get; init; }
    public required string Query { get; init; }
    /// <summary>The headers in file order; folded lines joined with a space, repeated names kept.</summary>
    public required IReadOnlyList<(string Name, string Value)> Headers { get; init; }
    public required byte[] Body { get; init; }

    public static string Folder => TestData.PathOf("v4");

    public static IEnumerable<string> AllNames() =>
        Directory.GetDirectories(Folder).Select(d => System.IO.Path.GetFileName(d)!).Order(StringComparer.Ordinal);

    public string Expected(string file) => File.ReadAllText(System.IO.Path.Combine(Folder, Name, file));

    public static V4Vector Load(string name)
    {
        string dir = System.IO.Path.Combine(Folder, name);
        using JsonDocument context = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(dir, "context.json")));
        JsonElement c = context.RootElement;
        JsonElement credentials = c.GetProperty("credentials");

        string request = File.ReadAllText(System.IO.Path.Combine(dir, "request.txt"));
        int blank = request.IndexOf("\n\n", StringComparison.Ordinal);
        string head = blank < 0 ? request.TrimEnd('\n') : request[..blank];
        string body = blank < 0 ? "" : request[(blank + 2)..];
        string[] lines = head.Split('\n');

        const string Version = " HTTP/1.1";
        string requestLine = lines[0].EndsWith(Version, StringComparison.Ordinal) ? lines[0][..^Version.Length] : throw new FormatException(lines[0]);
        int space = requestLine.IndexOf(' ');
        string target = requestLine[(space + 1)..];
        int question = target.IndexOf('?');

        var headers = new List<(string Name, string Value)>();
        foreach (string line in lines.Skip(1))
        {
            if (line.Length > 0 && char.IsWhiteSpace(line[0]))
            {
                (string n, string v) = headers[^1];
                headers[^1] = (n, v + " " + line.Trim());
                continue;
            }
            int colon = line.IndexOf(':');
            headers.Add((line[..colon], line[(colon + 1)..]));
        }

        return new V4Vector
        {
            Name = name,
            AccessKey = credentials.GetProperty("access_key_id").GetString()!,
            SecretKey = credentials.GetProperty("secret_access_key").GetString()!,
            Token = credentials.TryGetProperty("token", out JsonElement t) ? t.GetString() : null,
            Region = c.GetProperty("region").GetString()!,
            Service = c.GetProperty("service").GetString()!,
            Timestamp = DateTime.Parse(c.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            Normalize = c.GetProperty("normalize").GetBoolean(),
            SignBody = c.GetProperty("sign_body").GetBoolean(),
            OmitSessionToken = c.TryGetProperty("omit_session_token", out JsonElement o) && o.GetBoolean(),
            Method = requestLine[..space],
            Path = question < 0 ? target : target[..question],
            Query = question < 0 ? "" : target[(question + 1)..],
            Headers = headers,
            Body = Encoding.UTF8.GetBytes(body),
        };
    }

    /// <summary>The headers header signing signs: the request's, plus X-Amz-Date, the session token and the body hash as the context says.</summary>
    public IEnumerable<(string Name, string Value)> SignedHeaders()
    {
        foreach ((string Name, string Value) h in Headers)
        {
            yield return h;
        }
        yield return ("X-Amz-Date", SigV4Reference.AmzDate(Timestamp));
        if (Token is not null && !OmitSessionToken)
        {
            yield return ("X-Amz-Security-Token", Token);
        }
        if (SignBody)
        {
            yield return ("x-amz-content-sha256", SigV4Reference.PayloadHash(Body));
        }
    }
}
