using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace StageGen.Emulator;

/// <summary>Why the service refuses a request: the <c>x-amzn-ErrorType</c> and the message of its 403.</summary>
internal sealed record Refusal(string ErrorType, string Message);

/// <summary>
/// Checks a request's SigV4 <c>Authorization</c> header the way the service does: it rebuilds the canonical request
/// from what arrived (the raw request target, the signed headers, the body bytes), written from AWS's specification
/// and independent of any client signer, and refuses with the service's error types and messages.
/// </summary>
internal static class SignatureCheck
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private const string Terminator = "aws4_request";
    private const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";
    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    private static readonly Refusal InvalidToken = new("UnrecognizedClientException", "The security token included in the request is invalid.");

    /// <summary>The refusal for this request, or <c>null</c> when its signature is right.</summary>
    public static Refusal? Check(HttpContext context, ReadOnlySpan<byte> body, EmulatorSigV4 sigV4, DateTimeOffset now)
    {
        HttpRequest request = context.Request;
        string authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return new Refusal("MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        string amzDate = request.Headers["X-Amz-Date"].ToString();
        Dictionary<string, string>? parts = Parse(authorization);
        string? missing = parts is null ? null : string.Concat(
            new[] { "Credential", "Signature", "SignedHeaders" }.Where(name => !parts.ContainsKey(name))
                .Select(name => $"Authorization header requires '{name}' parameter. "));
        if (parts is null || missing!.Length > 0 || amzDate.Length == 0)
        {
            string noDate = amzDate.Length == 0 ? "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " : "";
            return new Refusal("IncompleteSignatureException", $"{missing}{noDate}Authorization={authorization}");
        }

        string[] scope = parts["Credential"].Split('/');
        if (scope.Length != 5 || scope[4] != Terminator)
        {
            return new Refusal("IncompleteSignatureException",
                $"Credential should be scoped with a valid terminator: '{Terminator}', not '{scope[^1]}'. Authorization={authorization}");
        }
        EmulatorAccessKey? key = sigV4.AccessKeys.FirstOrDefault(k => k.AccessKeyId == scope[0]);
        if (key is null || request.Headers["X-Amz-Security-Token"].ToString() != (key.SessionToken ?? ""))
        {
            return InvalidToken;
        }
        if (key.SessionToken is not null && key.Expires <= now)
        {
            return new Refusal("ExpiredTokenException", "The security token included in the request is expired");
        }
        if (!DateTimeOffset.TryParseExact(amzDate, AmzDateFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset signedAt))
        {
            return new Refusal("IncompleteSignatureException",
                $"Date must be in ISO-8601 'basic format'. Got '{amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
        if (signedAt < now - MaxSkew)
        {
            return new Refusal("InvalidSignatureException",
                $"Signature expired: {amzDate} is now earlier than {Format(now - MaxSkew)} ({Format(now)} - 5 min.)");
        }
        if (signedAt > now + MaxSkew)
        {
            return new Refusal("InvalidSignatureException",
                $"Signature not yet current: {amzDate} is still later than {Format(now + MaxSkew)} ({Format(now)} + 5 min.)");
        }
        string day = amzDate[..8];
        if (scope[1] != day)
        {
            return new Refusal("InvalidSignatureException",
                $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scope[1]}' != '{day}', from '{amzDate}'.");
        }
        if (scope[2] != sigV4.Region)
        {
            return new Refusal("InvalidSignatureException", $"Credential should be scoped to a valid region, not '{scope[2]}'. ");
        }
        if (scope[3] != sigV4.Service)
        {
            return new Refusal("InvalidSignatureException", $"Credential should be scoped to correct service: '{sigV4.Service}'. ");
        }
        string[] signedHeaders = parts["SignedHeaders"].Split(';');
        if (!signedHeaders.Contains("host"))
        {
            return new Refusal("InvalidSignatureException", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }

        string canonicalRequest = CanonicalRequest(context, signedHeaders, parts["SignedHeaders"], body);
        string credentialScope = string.Join('/', scope, 1, 4);
        string stringToSign = $"{Algorithm}\n{amzDate}\n{credentialScope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        byte[] signingKey = Encoding.UTF8.GetBytes("AWS4" + key.SecretAccessKey);
        foreach (string part in scope.AsSpan(1, 4))
        {
            signingKey = HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(part));
        }
        string expected = Hex(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parts["Signature"])))
        {
            // The service's message shows what it signed, so a client can find where it differs.
            return new Refusal("InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n"
                + $"The Canonical String for this request should have been\n'{canonicalRequest}'\n\n"
                + $"The String-to-Sign should have been\n'{stringToSign}'\n");
        }
        if (key.ReadOnly && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            // Authenticated, not authorized: the shape of IAM's refusal for a user whose policy allows only reads.
            string resource = $"arn:aws:apigateway:{sigV4.Region}::{request.Path.Value?[3..]}";
            return new Refusal("AccessDeniedException",
                $"User: arn:aws:iam::123456789012:user/{key.AccessKeyId} is not authorized to perform: apigateway:{request.Method} on resource: {resource} because no identity-based policy allows the apigateway:{request.Method} action");
        }
        return null;
    }

    /// <summary>The <c>name=value</c> parameters after <c>AWS4-HMAC-SHA256 </c>, or <c>null</c> for another scheme.</summary>
    private static Dictionary<string, string>? Parse(string authorization)
    {
        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return null;
        }
        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string part in authorization[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries))
        {
            int equals = part.IndexOf('=');
            if (equals > 0)
            {
                parts[part[..equals]] = part[(equals + 1)..];
            }
        }
        return parts;
    }

    /// <summary>
    /// Method, canonical URI, canonical query, signed headers and the body's hash. The canonical URI of a non-S3
    /// service is the path as it came on the wire (already percent-encoded) encoded once more.
    /// </summary>
    private static string CanonicalRequest(HttpContext context, string[] signedHeaders, string signedHeaderList, ReadOnlySpan<byte> body)
    {
        string target = StageEndpoints.RawPathAndQuery(context);
        int question = target.IndexOf('?');
        string path = question < 0 ? target : target[..question];
        string query = question < 0 ? "" : target[(question + 1)..];

        var canonical = new StringBuilder();
        canonical.Append(context.Request.Method).Append('\n');
        canonical.Append(path.Length == 0 ? "/" : Encode(path, keepSlash: true)).Append('\n');
        canonical.AppendJoin('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(pair => (Name: Encode(Uri.UnescapeDataString(pair[0]), keepSlash: false),
                Value: pair.Length > 1 ? Encode(Uri.UnescapeDataString(pair[1]), keepSlash: false) : ""))
            .OrderBy(pair => pair.Name, StringComparer.Ordinal).ThenBy(pair => pair.Value, StringComparer.Ordinal)
            .Select(pair => $"{pair.Name}={pair.Value}")).Append('\n');
        foreach (string name in signedHeaders)
        {
            // Repeated headers are one comma-separated value; each value trimmed, inner whitespace runs squeezed.
            IEnumerable<string> values = context.Request.Headers[name].Select(value =>
                string.Join(' ', (value ?? "").Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)));
            canonical.Append(name).Append(':').AppendJoin(',', values).Append('\n');
        }
        canonical.Append('\n').Append(signedHeaderList).Append('\n');
        canonical.Append(Hex(SHA256.HashData(body)));
        return canonical.ToString();
    }

    /// <summary>RFC 3986 encoding of the UTF-8 bytes: unreserved characters (and <c>/</c> when kept) as they are, the rest <c>%XX</c>.</summary>
    private static string Encode(string value, bool keepSlash)
    {
        var encoded = new StringBuilder(value.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~' || (keepSlash && b == '/'))
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return encoded.ToString();
    }

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
