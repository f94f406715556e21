using System.Threading;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace StageGen.Generator.Spec;

/// <summary>
/// Passes YAML events through, refusing documents nested deeper than <see cref="MaxDepth"/> or longer than
/// <see cref="MaxEvents"/> events, so hostile input ends in a diagnostic instead of a stack overflow in the compiler;
/// and stops when the compiler cancels the run (an edit while a large document is being read).
/// </summary>
internal sealed class LimitedParser : IParser
{
    public const int MaxDepth = 64;
    public const int MaxEvents = 6_000_000;

    private readonly IParser _inner;
    private readonly CancellationToken _cancellationToken;
    private int _depth;
    private int _events;

    public LimitedParser(IParser inner, CancellationToken cancellationToken)
    {
        _inner = inner;
        _cancellationToken = cancellationToken;
    }

    public ParsingEvent? Current => _inner.Current;

    /// <summary>How many events were read so far: about twice the nodes written in the text.</summary>
    public int Events => _events;

    public bool MoveNext()
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (!_inner.MoveNext())
        {
            return false;
        }

        var current = _inner.Current!;
        if (++_events > MaxEvents)
        {
            throw new YamlException(current.Start, current.End, $"the document has more than {MaxEvents:N0} YAML nodes");
        }

        if (current is MappingStart or SequenceStart)
        {
            if (++_depth > MaxDepth)
            {
                throw new YamlException(current.Start, current.End, $"the document is nested deeper than {MaxDepth} levels");
            }
        }
        else if (current is MappingEnd or SequenceEnd)
        {
            _depth--;
        }

        return true;
    }
}
