using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace StageGen.Aws.Tests;

/// <summary>
/// An independent SigV4 computation, written from AWS's specification for the tests alone: it is checked against AWS's
/// test suite, then used to check what the package's signer (AWSSDK.Core's) puts on the wire, and by the test server to
/// verify the signatures it receives. The package itself never uses it.
/// </summary>
internal static class SigV4Reference
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>RFC 3986 percent-encoding of the UTF-8 bytes: everything but unreserved characters (and '/' when kept).</summary>
    public static string UriEncode(string value, bool keepSlash)
    {
        var sb = new StringBuilder(value.Length * 2);
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            char c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~' || (keepSlash && c == '/'))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2"));
            }
        }
        return sb.ToString();
    }

    /// <summary>Removes <c>.</c> and <c>..</c> segments and collapses repeated slashes (the non-S3 path normalization).</summary>
    public static string NormalizePath(string path)
    {
        var segments = new List<string>();
        string[] parts = path.Split('/');
        foreach (string part in parts)
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
                continue;
            }
            segments.Add(part);
        }
        string normalized = "/" + string.Join("/", segments);
        string last = parts[^1];
        bool trailing = last.Length == 0 || last == "." || last == "..";
        return trailing && segments.Count > 0 ? normalized + "/" : normalized;
    }

    /// <summary>The canonical URI: the path as given (normalized when asked), URI-encoded once more.</summary>
    public static string CanonicalPath(string path, bool normalize) =>
        UriEncode(normalize ? NormalizePath(path) : path, keepSlash: true);

    /// <summary>The canonical query: each name and value decoded, encoded once, sorted by encoded name then value.</summary>
    public static string CanonicalQuery(string query)
    {
        if (query.StartsWith('?'))
        {
            query = query[1..];
        }
        if (query.Length == 0)
        {
            return "";
        }
        var pairs = new List<(string Name, string Value)>();
        foreach (string part in query.Split('&'))
        {
            int eq = part.IndexOf('=');
            string name = eq < 0 ? part : part[..eq];
            string value = eq < 0 ? "" : part[(eq + 1)..];
            pairs.Add((UriEncode(Uri.UnescapeDataString(name), false), UriEncode(Uri.UnescapeDataString(value), false)));
        }
        return string.Join("&", pairs
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));
    }

    /// <summary>A header value trimmed, with each run of inner whitespace squeezed to one space.</summary>
    public static string CanonicalHeaderValue(string value) =>
        string.Join(" ", value.Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Canonical headers and the signed-header list; repeated names joined by commas in their order.</summary>
    public static (string Canonical, string Signed) CanonicalHeaders(IEnumerable<(string Name, string Value)> headers)
    {
        var byName = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach ((string name, string value) in headers)
        {
            string key = name.ToLowerInvariant();
            if (!byName.TryGetValue(key, out List<string>? values))
            {
                byName[key] = values = new List<string>();
            }
            values.Add(CanonicalHeaderValue(value));
        }
        string canonical = string.Concat(byName.Select(h => h.Key + ":" + string.Join(",", h.Value) + "\n"));
        return (canonical, string.Join(";", byName.Keys));
    }

    public static string CanonicalRequest(string method, string canonicalPath, string canonicalQuery,
        IEnumerable<(string Name, string Value)> headers, string payloadHash)
    {
        (string canonicalHeaders, string signedHeaders) = CanonicalHeaders(headers);
        return $"{method}\n{canonicalPath}\n{canonicalQuery}\n{canonicalHeaders}\n{signedHeaders}\n{payloadHash}";
    }

    public static string Scope(DateTime at, string region, string service) => $"{at:yyyyMMdd}/{region}/{service}/aws4_request";

    public static string AmzDate(DateTime at) => at.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static string StringToSign(DateTime at, string region, string service, string canonicalRequest) =>
        $"{Algorithm}\n{AmzDate(at)}\n{Scope(at, region, service)}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    public static string Signature(string secretKey, DateTime at, string region, string service, string stringToSign)
    {
        byte[] key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), at.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    public static string Authorization(string accessKey, DateTime at, string region, string service, string signedHeaders, string signature) =>
        $"{Algorithm} Credential={accessKey}/{Scope(at, region, service)}, SignedHeaders={signedHeaders}, Signature={signature}";

    public static string PayloadHash(byte[] body) => Hex(SHA256.HashData(body));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
