using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using StageGen.Generator.Model;

namespace StageGen.Generator.Emit;

/// <summary>
/// A pattern the binder decided to check without a regex (<see cref="PatternModel.Alternatives"/>), printed as a C#
/// boolean expression over a string: <c>==</c>, <c>StartsWith</c>, <c>EndsWith</c> or <c>Contains</c> for a literal, a
/// length test, fixed characters and <c>SearchValues</c> over the run for the rest.
/// </summary>
internal static class PatternExpression
{
    private const string Span = "global::System.MemoryExtensions";

    /// <summary>The check as a C# boolean expression over <paramref name="value"/>, a local (it is read several times).</summary>
    public static string Of(PatternModel pattern, string value)
    {
        var parts = pattern.Alternatives.Select(a => Alternative(a, value)).ToList();
        return parts.Count == 1 ? parts[0] : string.Join(" || ", parts.Select(p => "(" + p + ")"));
    }

    private static string Alternative(PatternAlternative alternative, string value)
    {
        var (items, start, end) = (alternative.Items, alternative.Start, alternative.End);
        if (alternative.IsLiteral)
        {
            var text = CSharp.Literal(new string(items.Select(item => item.Char).ToArray()));
            return (start, end) switch
            {
                (true, true) => $"{value} == {text}",
                (true, false) => $"{value}.StartsWith({text}, global::System.StringComparison.Ordinal)",
                (false, true) => $"{value}.EndsWith({text}, global::System.StringComparison.Ordinal)",
                _ => $"{value}.Contains({text}, global::System.StringComparison.Ordinal)",
            };
        }

        // Fixed items, one character each, then the last item (a variable run).
        var fixedItems = new List<PatternItem>();
        foreach (var item in items.Take(items.Count - 1))
        {
            fixedItems.AddRange(Enumerable.Repeat(item with { Min = 1, Max = 1 }, item.Min));
        }

        var last = items[items.Count - 1];
        if (last.Min == last.Max && last.Min <= 4)
        {
            fixedItems.AddRange(Enumerable.Repeat(last with { Min = 1, Max = 1 }, last.Min));
            last = last with { Min = 0, Max = 0 };
        }

        var length = fixedItems.Count;
        var checks = new List<string>();
        var minimum = length + last.Min;
        if (end && last.Max != int.MaxValue)
        {
            var maximum = length + (long)last.Max;
            checks.Add(minimum == maximum ? $"{value}.Length == {minimum}" : $"{value}.Length >= {minimum} && {value}.Length <= {maximum}");
        }
        else if (minimum > 0)
        {
            checks.Add($"{value}.Length >= {minimum}");
        }

        for (var i = 0; i < fixedItems.Count; i++)
        {
            checks.Add(Accepts(fixedItems[i], value, i.ToString(CultureInfo.InvariantCulture)));
        }

        if (last.Max > 0)
        {
            // Anchored at the end, the run is the rest of the string; otherwise only its first Min characters must fit.
            var from = length.ToString(CultureInfo.InvariantCulture);
            var span = end
                ? (length == 0 ? $"{Span}.AsSpan({value})" : $"{Span}.AsSpan({value}, {from})")
                : $"{Span}.AsSpan({value}, {from}, {last.Min.ToString(CultureInfo.InvariantCulture)})";
            if (end || last.Min > 0)
            {
                checks.Add(AcceptsAll(last, span));
            }
        }

        return checks.Count == 0 ? "true" : string.Join(" && ", checks);
    }

    private static string CharLiteral(PatternItem item) => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(item.Char, quote: true);

    /// <summary>Whether the character at <paramref name="index"/> of <paramref name="value"/> is one the item accepts.</summary>
    private static string Accepts(PatternItem item, string value, string index) =>
        item.SetField is null ? $"{value}[{index}] == {CharLiteral(item)}"
        : $"{(item.Negated ? "!" : "")}{item.SetField}.Contains({value}[{index}])";

    /// <summary>Whether every character of <paramref name="span"/> is one the item accepts.</summary>
    private static string AcceptsAll(PatternItem item, string span) =>
        item.SetField is null ? $"!{Span}.ContainsAnyExcept({span}, {CharLiteral(item)})"
        : item.Negated ? $"!{Span}.ContainsAny({span}, {item.SetField})"
        : $"!{Span}.ContainsAnyExcept({span}, {item.SetField})";
}
