using System;
using System.IO;

namespace StageGen.Runtime;

/// <summary>
/// A file sent as one part of a <c>multipart/form-data</c> request body: its bytes, the name the server is told, and its
/// media type. The stream is read from its current position when the request is sent, and disposed with the request.
/// </summary>
public sealed class ApiFile
{
    /// <summary>Describes a file to send.</summary>
    /// <param name="content">The file's bytes, read from the current position when the request is sent; disposed with the request.</param>
    /// <param name="fileName">The name the part's <c>Content-Disposition</c> gives (any text: quotes, line breaks and non-ASCII are escaped, never sent raw).</param>
    /// <param name="contentType">The part's media type; null: the one the spec's <c>encoding</c> gives, else <c>application/octet-stream</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> or <paramref name="fileName"/> is null.</exception>
    public ApiFile(Stream content, string fileName, string? contentType = null)
    {
        Content = content ?? throw new ArgumentNullException(nameof(content));
        FileName = fileName ?? throw new ArgumentNullException(nameof(fileName));
        ContentType = contentType;
    }

    /// <summary>The file's bytes.</summary>
    public Stream Content { get; }

    /// <summary>The file name sent with the part.</summary>
    public string FileName { get; }

    /// <summary>The part's media type, when the caller gives one.</summary>
    public string? ContentType { get; }
}
