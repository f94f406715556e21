using System;
using System.ComponentModel;
using System.Linq;

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
/// What a generated client knows about the whole service: its type name and the errors any operation may meet (the
/// spec's <c>x-stagegen-service-errors</c>), such as the 403s of a signed AWS request. One static instance is shared by
/// the client's operations.
/// </summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ApiService
{
    /// <summary>Describes a service.</summary>
    /// <param name="client">The generated client's type name, for messages.</param>
    /// <param name="errors">
    /// The service-wide errors. Each is found by its name; by status only where no other service-wide error has the
    /// same status (several 403s are told apart by name alone).
    /// </param>
    public ApiService(string client, params ApiError[] errors)
    {
        Client = client ?? throw new ArgumentNullException(nameof(client));
        // A copy: the table stays what the generated client said, whoever holds the array.
        Errors = (ApiError[])(errors ?? throw new ArgumentNullException(nameof(errors))).Clone();
        ByStatus = Errors.Select(error => Errors.Count(other => other.SameStatuses(error)) == 1).ToArray();
    }

    /// <summary>The generated client's type name.</summary>
    public string Client { get; }

    internal ApiError[] Errors { get; }

    /// <summary>Whether the error of the same index is found by status too.</summary>
    internal bool[] ByStatus { get; }
}

/// <summary>
/// What a generated client knows about one operation before it calls it: its name and which exception each error
/// raises. Generated clients keep one in a static field, so a call allocates nothing for it.
/// </summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public class ApiOperation
{
    private readonly ApiError[] _errors;
    private readonly bool _findsByName;

    /// <summary>Describes an operation with no result.</summary>
    /// <param name="service">The service the operation belongs to.</param>
    /// <param name="name">The operation's name, for messages.</param>
    /// <param name="errors">The declared errors, in the order their statuses are tried.</param>
    public ApiOperation(ApiService service, string name, params ApiError[] errors)
    {
        Service = service ?? throw new ArgumentNullException(nameof(service));
        Name = name ?? throw new ArgumentNullException(nameof(name));
        _errors = (ApiError[])(errors ?? throw new ArgumentNullException(nameof(errors))).Clone();
        _findsByName = _errors.Any(error => error.Name is not null) || Service.Errors.Any(error => error.Name is not null);
    }

    /// <summary>The service the operation belongs to.</summary>
    public ApiService Service { get; }

    /// <summary>The generated client's type name.</summary>
    public string Client => Service.Client;

    /// <summary>The operation's name.</summary>
    public string Name { get; }

    /// <summary>
    /// The exception for an error response. When the response names its error (<see cref="ApiServiceError"/>), the
    /// operation's error of that name, else the service's; otherwise the operation's first error whose status
    /// matches, else the service's error for that status; else a plain <see cref="ApiException"/> that describes the
    /// response.
    /// </summary>
    internal ApiException Error(ApiErrorBody error)
    {
        var response = error.Response;
        var errors = Service.Errors;
        if (_findsByName && response.ServiceErrorOf(error.Utf8Body.Span).Code is { } code)
        {
            foreach (var declared in _errors)
            {
                if (declared.Name == code)
                {
                    return declared.Create(error, Name);
                }
            }

            foreach (var declared in errors)
            {
                if (declared.Name == code)
                {
                    return declared.Create(error, Name);
                }
            }
        }

        var status = response.StatusCode;
        foreach (var declared in _errors)
        {
            if (declared.Matches(status))
            {
                return declared.Create(error, Name);
            }
        }

        for (var i = 0; i < errors.Length; i++)
        {
            if (Service.ByStatus[i] && errors[i].Matches(status))
            {
                return errors[i].Create(error, Name);
            }
        }

        return new ApiException(ApiException.DescribeFailure(Name, response), response);
    }
}

/// <summary>An <see cref="ApiOperation"/> whose success body reads as a <typeparamref name="TResult"/>.</summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ApiOperation<TResult> : ApiOperation
{
    /// <summary>Describes an operation with a result.</summary>
    /// <param name="service">The service the operation belongs to.</param>
    /// <param name="name">The operation's name, for messages.</param>
    /// <param name="read">Reads the success body.</param>
    /// <param name="resultName">What the body should be (a type name, <c>array</c>...), for the message when it is not.</param>
    /// <param name="errors">The declared errors, in the order their statuses are tried.</param>
    public ApiOperation(ApiService service, string name, ApiBodyReader<TResult> read, string resultName, params ApiError[] errors)
        : base(service, name, errors)
    {
        Read = read ?? throw new ArgumentNullException(nameof(read));
        ResultName = resultName ?? throw new ArgumentNullException(nameof(resultName));
    }

    /// <summary>Reads the success body.</summary>
    public ApiBodyReader<TResult> Read { get; }

    /// <summary>What the success body should be, for messages.</summary>
    public string ResultName { get; }
}

/// <summary>
/// One declared error: a status (<c>404</c>), a class of statuses (<c>4XX</c>) or any status (<c>default</c>), the
/// name the service gives it (the error schema's name: AWS's <c>x-amzn-ErrorType</c>, a body's <c>code</c> or
/// <c>__type</c>), and its exception.
/// </summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct ApiError
{
    private readonly int _low;
    private readonly int _high;

    private ApiError(int low, int high, string? name, ApiErrorFactory create)
    {
        _low = low;
        _high = high;
        Name = name;
        Create = create ?? throw new ArgumentNullException(nameof(create));
    }

    /// <summary>The name the service gives the error; null when it is found by status alone.</summary>
    public string? Name { get; }

    /// <summary>Makes the exception.</summary>
    internal ApiErrorFactory Create { get; }

    /// <summary>The error for one status code.</summary>
    public static ApiError Status(int statusCode, string? name, ApiErrorFactory create) => new(statusCode, statusCode, name, create);

    /// <summary>The error for a class of status codes: <c>Range(4, ...)</c> is the spec's <c>4XX</c>, 400 to 499.</summary>
    public static ApiError Range(int firstDigit, string? name, ApiErrorFactory create) => new(firstDigit * 100, firstDigit * 100 + 99, name, create);

    /// <summary>The error for any status (the spec's <c>default</c>); put last, after the statuses it does not cover.</summary>
    public static ApiError Default(string? name, ApiErrorFactory create) => new(int.MinValue, int.MaxValue, name, create);

    internal bool Matches(int statusCode) => statusCode >= _low && statusCode <= _high;

    internal bool SameStatuses(ApiError other) => _low == other._low && _high == other._high;
}
