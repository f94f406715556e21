using System;
using System.ComponentModel;

namespace StageGen.Runtime.CompilerServices;

/// <summary>Reads a success body, a whole UTF-8 JSON document, as an operation's result.</summary>
/// <exception cref="System.Text.Json.JsonException">The body does not read as the result's type.</exception>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate TResult ApiBodyReader<TResult>(ReadOnlySpan<byte> utf8Json);

/// <summary>Makes the exception for an error response of <paramref name="operation"/> (a generated exception's <c>FromResponse</c>).</summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate ApiException ApiErrorFactory(ApiErrorBody error, string operation);

/// <summary>
/// What a generated client knows about one operation before it calls it: its name and which exception each error
/// status raises. Generated clients keep one in a static field, so a call allocates nothing for it.
/// </summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public class ApiOperation
{
    private readonly ApiError[] _errors;

    /// <summary>Describes an operation with no result.</summary>
    /// <param name="client">The generated client's type name, for messages.</param>
    /// <param name="name">The operation's name, for messages.</param>
    /// <param name="errors">The declared errors, matched in order; the first that matches the status raises its exception.</param>
    public ApiOperation(string client, string name, params ApiError[] errors)
    {
        Client = client ?? throw new ArgumentNullException(nameof(client));
        Name = name ?? throw new ArgumentNullException(nameof(name));
        // A copy: the table stays what the generated client said, whoever holds the array.
        _errors = (ApiError[])(errors ?? throw new ArgumentNullException(nameof(errors))).Clone();
    }

    /// <summary>The generated client's type name.</summary>
    public string Client { get; }

    /// <summary>The operation's name.</summary>
    public string Name { get; }

    /// <summary>
    /// The exception for an error response: the first declared error whose status matches, else a plain
    /// <see cref="ApiException"/> that describes the response.
    /// </summary>
    internal ApiException Error(ApiErrorBody error)
    {
        var status = error.Response.StatusCode;
        foreach (var declared in _errors)
        {
            if (declared.Matches(status))
            {
                return declared.Create(error, Name);
            }
        }

        return new ApiException(ApiException.DescribeFailure(Name, error.Response), error.Response);
    }
}

/// <summary>An <see cref="ApiOperation"/> whose success body reads as a <typeparamref name="TResult"/>.</summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ApiOperation<TResult> : ApiOperation
{
    /// <summary>Describes an operation with a result.</summary>
    /// <param name="client">The generated client's type name, for messages.</param>
    /// <param name="name">The operation's name, for messages.</param>
    /// <param name="read">Reads the success body.</param>
    /// <param name="resultName">What the body should be (a type name, <c>array</c>...), for the message when it is not.</param>
    /// <param name="errors">The declared errors, matched in order; the first that matches the status raises its exception.</param>
    public ApiOperation(string client, string name, ApiBodyReader<TResult> read, string resultName, params ApiError[] errors)
        : base(client, name, errors)
    {
        Read = read ?? throw new ArgumentNullException(nameof(read));
        ResultName = resultName ?? throw new ArgumentNullException(nameof(resultName));
    }

    /// <summary>Reads the success body.</summary>
    public ApiBodyReader<TResult> Read { get; }

    /// <summary>What the success body should be, for messages.</summary>
    public string ResultName { get; }
}

/// <summary>One declared error of an operation: a status (<c>404</c>), a class of statuses (<c>4XX</c>) or any status (<c>default</c>), and its exception.</summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct ApiError
{
    private readonly int _low;
    private readonly int _high;

    private ApiError(int low, int high, ApiErrorFactory create)
    {
        _low = low;
        _high = high;
        Create = create ?? throw new ArgumentNullException(nameof(create));
    }

    /// <summary>Makes the exception.</summary>
    internal ApiErrorFactory Create { get; }

    /// <summary>The error for one status code.</summary>
    public static ApiError Status(int statusCode, ApiErrorFactory create) => new(statusCode, statusCode, create);

    /// <summary>The error for a class of status codes: <c>Range(4, ...)</c> is the spec's <c>4XX</c>, 400 to 499.</summary>
    public static ApiError Range(int firstDigit, ApiErrorFactory create) => new(firstDigit * 100, firstDigit * 100 + 99, create);

    /// <summary>The error for any status (the spec's <c>default</c>); put last, after the statuses it does not cover.</summary>
    public static ApiError Default(ApiErrorFactory create) => new(int.MinValue, int.MaxValue, create);

    internal bool Matches(int statusCode) => statusCode >= _low && statusCode <= _high;
}
