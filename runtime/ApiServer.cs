using System;
using System.ComponentModel;

namespace StageGen.Runtime.CompilerServices;

/// <summary>
/// The default base address of a generated client, built from the spec's server URL and the values its options give
/// the URL's variables. Each value is checked for the place it takes: a scheme must be <c>http</c> or <c>https</c>, a
/// part of the host or port may hold only RFC 3986 unreserved characters (so no value can add a user, a port, a path
/// or another host), and a part of the path is percent-encoded segment by segment. A variable the spec gives an
/// <c>enum</c> takes only those values.
/// </summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ApiServer
{
    /// <summary>The value of a variable that makes the URL's scheme: <c>http</c> or <c>https</c>.</summary>
    /// <param name="value">The option's value.</param>
    /// <param name="option">The option, named in the errors (<c>StageClientOptions.Scheme</c>).</param>
    /// <param name="allowed">The values the spec allows; empty when it allows any.</param>
    /// <exception cref="InvalidOperationException">The value is not set, not allowed, or not http or https.</exception>
    public static string Scheme(string? value, string option, params string[] allowed)
    {
        var checkedValue = Allowed(value, option, allowed);
        if (!checkedValue.Equals(Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase)
            && !checkedValue.Equals(Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{option} is '{ApiException.Printable(checkedValue)}'; the server address's scheme can only be http or https.");
        }

        return checkedValue;
    }

    /// <summary>The value of a variable in the URL's host or port, which it may not reshape.</summary>
    /// <inheritdoc cref="Scheme"/>
    /// <exception cref="InvalidOperationException">
    /// The value is not set, not allowed, empty, or has a character other than <c>A-Z a-z 0-9 - . _ ~</c>: one such as
    /// <c>/</c>, <c>@</c>, <c>:</c> or <c>%</c> would send the request (and its credentials) to another host or port.
    /// </exception>
    public static string Host(string? value, string option, params string[] allowed)
    {
        var checkedValue = Allowed(value, option, allowed);
        if (checkedValue.Length == 0)
        {
            throw new InvalidOperationException($"{option} is empty; the server address's host needs a value.");
        }

        foreach (var c in checkedValue)
        {
            if (!IsUnreserved(c))
            {
                throw new InvalidOperationException(
                    $"{option} is '{ApiException.Printable(checkedValue)}', which cannot be part of the server address's host: it may hold only letters, digits and - . _ ~ (not U+{(int)c:X4}).");
            }
        }

        return checkedValue;
    }

    /// <summary>
    /// The value of a variable in the URL's path, escaped: each <c>/</c>-separated segment as a path segment
    /// (<see cref="ApiHttp.EscapePathSegment"/>), the slashes kept.
    /// </summary>
    /// <inheritdoc cref="Scheme"/>
    /// <exception cref="InvalidOperationException">
    /// The value is not set or not allowed, or a segment of it is empty, <c>.</c> or <c>..</c>, or holds an unpaired
    /// surrogate: each would address another path.
    /// </exception>
    public static string Path(string? value, string option, params string[] allowed)
    {
        var checkedValue = Allowed(value, option, allowed);
        var segments = checkedValue.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            try
            {
                segments[i] = ApiHttp.EscapePathSegment(segments[i], option);
            }
            catch (ArgumentException ex)
            {
                throw new InvalidOperationException($"{option} is '{ApiException.Printable(checkedValue)}', which cannot be part of the server address's path: {ex.Message}", ex);
            }
        }

        return string.Join("/", segments);
    }

    /// <summary>
    /// The absolute address <paramref name="url"/> (the server URL with its variables' checked values) names, with a
    /// path that ends with <c>/</c>, as a base address needs: the spec's paths are appended to the server's. The last
    /// one built is kept on <paramref name="options"/>, so a client asks for it on every call and parses it once.
    /// </summary>
    /// <exception cref="InvalidOperationException">The text is not an absolute http or https URL without a query or fragment.</exception>
    public static Uri Address(ApiClientOptions options, string url)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(url);
        var known = options.Server;
        if (known is not null && string.Equals(known.Text, url, StringComparison.Ordinal))
        {
            return known.Address;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var address)
            || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp)
            || address.UserInfo.Length > 0
            || address.Query.Length > 0
            || address.Fragment.Length > 0)
        {
            throw new InvalidOperationException($"The server address '{ApiException.Printable(url)}' is not an absolute http or https URL without a user, a query or a fragment.");
        }

        if (!address.AbsolutePath.EndsWith('/'))
        {
            address = new Uri(address.AbsoluteUri + "/", UriKind.Absolute);
        }

        // Replaced whole, so calls on several threads at once each see an address with its own text.
        options.Server = new Built(url, address);
        return address;
    }

    private static string Allowed(string? value, string option, string[] allowed)
    {
        if (value is null)
        {
            throw new InvalidOperationException($"{option} is null; the server address needs a value.");
        }

        if (allowed is { Length: > 0 } && Array.IndexOf(allowed, value) < 0)
        {
            throw new InvalidOperationException($"{option} is '{ApiException.Printable(value)}', which is not one of the values the spec allows: {string.Join(", ", allowed)}.");
        }

        return value;
    }

    private static bool IsUnreserved(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~';

    /// <summary>An address and the text it was built from.</summary>
    internal sealed class Built
    {
        public Built(string text, Uri address)
        {
            Text = text;
            Address = address;
        }

        public string Text { get; }

        public Uri Address { get; }
    }
}
