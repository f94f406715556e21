using System;
using System.ComponentModel;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace StageGen.Runtime.CompilerServices;

/// <summary>
/// The credentials of the spec's security schemes, put on a generated client's request as the scheme says: an API key
/// in a header, the query or a cookie, an HTTP bearer token, HTTP basic user name and password. A generated client
/// calls these only for operations whose security needs them, and only after it has checked that the credentials are
/// set, so a request never goes out without the credentials it needs. Every value is checked as a header value is
/// (<see cref="ApiHttp.AddHeader"/>): a line break could add a header of its own.
/// </summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ApiAuth
{
    /// <summary>The error of an operation whose credentials are not set; nothing has been sent.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="needed">What to set, as the generated client words it (<c>ItemsClientOptions.ApiKey</c>).</param>
    public static InvalidOperationException Missing(ApiOperation operation, string needed)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return new InvalidOperationException($"{operation.Name} needs credentials the client's options do not have: set {needed}. Nothing was sent.");
    }

    /// <summary>Adds an API key as the header <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOperationException">The key is not set.</exception>
    /// <exception cref="ArgumentException">The key cannot be sent as a header value.</exception>
    public static void AddApiKeyHeader(HttpRequestMessage request, string name, string? key, ApiOperation operation, string option) =>
        ApiHttp.AddHeader(request, name, Required(key, operation, option));

    /// <summary>Appends an API key to the query as <paramref name="name"/>, escaped.</summary>
    /// <exception cref="InvalidOperationException">The key is not set.</exception>
    /// <exception cref="ArgumentException">The key has an unpaired surrogate, which UTF-8 cannot carry.</exception>
    public static void AppendApiKeyQuery(StringBuilder url, ref bool hasQuery, string name, string? key, ApiOperation operation, string option) =>
        ApiHttp.AppendQuery(url, ref hasQuery, name, Required(key, operation, option));

    /// <summary>Adds an API key as the cookie <paramref name="name"/> (a <c>Cookie</c> header).</summary>
    /// <exception cref="InvalidOperationException">The key is not set.</exception>
    /// <exception cref="ArgumentException">
    /// The key has a character a cookie value cannot hold (a space, <c>" , ; \</c>, a control or non-ASCII character).
    /// </exception>
    public static void AddApiKeyCookie(HttpRequestMessage request, string name, string? key, ApiOperation operation, string option)
    {
        ApiHttp.AddCookie(request, name, Required(key, operation, option), option);
    }

    /// <summary>Adds <c>Authorization: Basic</c> with the UTF-8 of <c>user:password</c> in base64 (RFC 7617).</summary>
    /// <exception cref="InvalidOperationException">The user name or the password is not set.</exception>
    /// <exception cref="ArgumentException">The user name has a <c>:</c>, or either has a control character or an unpaired surrogate.</exception>
    public static void AddBasic(
        HttpRequestMessage request, string? userName, string? password, ApiOperation operation, string userNameOption, string passwordOption)
    {
        var user = Required(userName, operation, userNameOption);
        if (password is null)
        {
            throw Missing(operation, passwordOption);
        }

        if (user.Contains(':'))
        {
            throw new ArgumentException($"{userNameOption} has a ':', which ends the user name in HTTP basic authentication.", userNameOption);
        }

        CheckText(user, userNameOption);
        CheckText(password, passwordOption);
        ApiHttp.AddHeader(request, "Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
    }

    /// <summary>
    /// Adds <c>Authorization: Bearer</c> with the token <paramref name="provider"/> gives for this request when there is
    /// one (a token that expires is fetched again as it needs), else <paramref name="token"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Neither is set, or the provider gives no token.</exception>
    /// <exception cref="ArgumentException">The token cannot be sent as a header value.</exception>
    public static ValueTask AddBearerAsync(
        HttpRequestMessage request,
        string? token,
        Func<CancellationToken, ValueTask<string>>? provider,
        ApiOperation operation,
        string tokenOption,
        string providerOption,
        CancellationToken cancellationToken)
    {
        if (provider is null)
        {
            AddBearer(request, token, operation, tokenOption);
            return default;
        }

        var providing = provider(cancellationToken);
        if (providing.IsCompletedSuccessfully)
        {
            AddBearer(request, providing.Result, operation, providerOption);
            return default;
        }

        return AddBearerLaterAsync(request, providing, operation, providerOption);
    }

    private static async ValueTask AddBearerLaterAsync(HttpRequestMessage request, ValueTask<string> providing, ApiOperation operation, string option) =>
        AddBearer(request, await providing.ConfigureAwait(false), operation, option);

    private static void AddBearer(HttpRequestMessage request, string? token, ApiOperation operation, string option) =>
        ApiHttp.AddHeader(request, "Authorization", "Bearer " + Required(token, operation, option));

    /// <summary>The credential; an empty one is as missing as null (an unset setting often reads as <c>""</c>).</summary>
    private static string Required(string? value, ApiOperation operation, string option) =>
        string.IsNullOrEmpty(value) ? throw Missing(operation, option) : value;

    private static void CheckText(string value, string option)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException($"{option} has a control character (U+{(int)c:X4}) and cannot be sent.", option);
            }
        }

        Utf16Text.ThrowIfUnpaired(value, "{0}", option, option);
    }
}
