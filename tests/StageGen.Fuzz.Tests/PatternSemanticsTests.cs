using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using CsCheck;
using Microsoft.CodeAnalysis;
using StageGen.Generator.Tests.Infrastructure;
using StageGen.Runtime;
using Xunit;

namespace StageGen.Fuzz.Tests;

/// <summary>
/// Spec patterns mean what ECMA-262 says (JSON Schema's dialect), not what .NET's regex syntax means: generated
/// validators are checked on the characters where the two differ, through both paths (a generated check for the simple
/// shapes, the runtime's regex for the rest), and against JavaScript's own <c>RegExp</c> on random patterns.
/// </summary>
public sealed class PatternSemanticsTests
{
    /// <summary>The probe patterns; <c>(?:x)</c> forms keep a pattern off the generated-check path, onto the regex.</summary>
    private static readonly string[] Probes =
    [
        @"^\d+$", @"^(?:\d)+$", @"^[\d]+$", @"^\D$", @"^(?:\D)$",
        @"^\w+$", @"^(?:\w)+$", @"^[\w]+$", @"^\W$", @"^(?:\W)$",
        @"^\s$", @"^(?:\s)$", @"^[\s]$", @"^\S$", @"^(?:\S)$", @"^[^\s]$",
        @"^.$", @"^(?:.)$",
        @"\bfoo\b", @"\Bo\B",
        @"^[^]$", @"^[]?$",
        @"^\u{1F600}$", @"^\u{41}\u0042\x43$",
        @"^a\z$",
        @"^[a-z-[aeiou]]+$",
        @"^(a)?\1b$", @"^(a\1){2}$", @"^(?:\1b(a))+$",
        @"^(?<x>a)(b)\2$", @"^(?<x>a)\k<x>$",
        @"^[\w-]+$",
        @"^\101$",
        @"(?:(b?)*?){1,3}$", @"(a)(?:(b?)*?){1,3}\1$", @"(?:漢?([$^]*|[a-z-[x]]{0,}[\w-z]{0,}-)*?|}{1,3}a?){1,3}\B\0*?",
    ];

    public static TheoryData<string, string, bool> Cases() => new()
    {
        // \d is [0-9]: no Arabic-Indic or fullwidth digits.
        { @"^\d+$", "0123456789", true },
        { @"^\d+$", "٣", false },
        { @"^\d+$", "３", false },
        { @"^(?:\d)+$", "٣", false },
        { @"^(?:\d)+$", "３", false },
        { @"^[\d]+$", "٣", false },
        { @"^\D$", "٣", true },
        { @"^(?:\D)$", "３", true },
        { @"^\D$", "7", false },
        // \w is [A-Za-z0-9_]: no CJK, no accented letters.
        { @"^\w+$", "aZ_09", true },
        { @"^\w+$", "漢", false },
        { @"^\w+$", "é", false },
        { @"^(?:\w)+$", "漢", false },
        { @"^(?:\w)+$", "é", false },
        { @"^[\w]+$", "é", false },
        { @"^\W$", "漢", true },
        { @"^(?:\W)$", "é", true },
        { @"^\W$", "_", false },
        // \s is ECMA-262's WhiteSpace and LineTerminator: U+FEFF and NBSP in, NEL, U+180E and U+200B out.
        { @"^\s$", "\uFEFF", true },
        { @"^(?:\s)$", "\uFEFF", true },
        { @"^[\s]$", "\uFEFF", true },
        { @"^\s$", "\u00A0", true },
        { @"^(?:\s)$", "\u00A0", true },
        { @"^\s$", "\u2028", true },
        { @"^\s$", "\v", true },
        { @"^\s$", "\u3000", true },
        { @"^\s$", "\u0085", false },
        { @"^(?:\s)$", "\u0085", false },
        { @"^\s$", "\u180E", false },
        { @"^\s$", "\u200B", false },
        { @"^\S$", "\uFEFF", false },
        { @"^(?:\S)$", "\uFEFF", false },
        { @"^[^\s]$", "\u0085", true },
        // . is anything but LF, CR, U+2028 and U+2029.
        { @"^.$", "\u2028", false },
        { @"^(?:.)$", "\u2028", false },
        { @"^.$", "\u2029", false },
        { @"^(?:.)$", "\u2029", false },
        { @"^.$", "\r", false },
        { @"^.$", "\n", false },
        { @"^.$", "\u0085", true },
        { @"^(?:.)$", "é", true },
        // \b and \B are boundaries between ECMA-262 word characters.
        { @"\bfoo\b", "a foo.", true },
        { @"\bfoo\b", "éfooé", true },
        { @"\bfoo\b", "_foo", false },
        { @"\Bo\B", "o", false },
        { @"\Bo\B", "éoé", false },
        { @"\Bo\B", "pop", true },
        { @"\Bo\B", "foo", true },
        // [^] is any character, [] none.
        { @"^[^]$", "\n", true },
        { @"^[]?$", "", true },
        { @"^[]?$", "a", false },
        // \u{...} is a code point (as in ECMA-262's u mode); \uXXXX and \xXX are code units.
        { @"^\u{1F600}$", "\U0001F600", true },
        { @"^\u{41}\u0042\x43$", "ABC", true },
        // A letter escape ECMA-262 does not know is the letter: \z is "z", not .NET's end anchor.
        { @"^a\z$", "az", true },
        { @"^a\z$", "a", false },
        // '[' in a class is a literal; .NET reads "-[...]" as a subtraction.
        { @"^[a-z-[aeiou]]+$", "b]", true },
        { @"^[a-z-[aeiou]]+$", "b", false },
        // A backreference to a group that did not match matches the empty string.
        { @"^(a)?\1b$", "b", true },
        { @"^(a)?\1b$", "aab", true },
        // Read before its group closes (ahead of it, or inside it), a backreference is always unset: each round of a
        // loop resets the groups inside it. .NET kept the round before's capture.
        { @"^(a\1){2}$", "aa", true },
        { @"^(?:\1b(a))+$", "baba", true },
        { @"^(?:\1b(a))+$", "baaba", false },
        // Groups are numbered left to right, named ones too.
        { @"^(?<x>a)(b)\2$", "abb", true },
        { @"^(?<x>a)(b)\2$", "aba", false },
        { @"^(?<x>a)\k<x>$", "aa", true },
        // A '-' after a class escape is a literal.
        { @"^[\w-]+$", "a-b", true },
        { @"^[\w-]+$", "é", false },
        // Legacy octal escape.
        { @"^\101$", "A", true },
        // A lazy loop over something that matches empty: .NET's interpreter looped until the match timeout, and the
        // validator refused what JavaScript accepts. Lazy quantifiers are translated as greedy ones.
        { @"(?:(b?)*?){1,3}$", "ZZ", true },
        { @"(?:漢?([$^]*|[a-z-[x]]{0,}[\w-z]{0,}-)*?|}{1,3}a?){1,3}\B\0*?", "Z\t", true },
        { @"(?:漢?([$^]*|[a-z-[x]]{0,}[\w-z]{0,}-)*?|}{1,3}a?){1,3}\B\0*?", "0\t{", true },
        // With a backreference too.
        { @"(a)(?:(b?)*?){1,3}\1$", "aa", true },
        { @"(a)(?:(b?)*?){1,3}\1$", "ab", false },
    };

    private static readonly Lazy<Probe> ProbeValidator = new(() => Probe.Compile(Probes, "Probes"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_spec_pattern_means_what_ECMA_262_says(string pattern, string value, bool matches)
    {
        var index = Array.IndexOf(Probes, pattern);
        Assert.True(index >= 0, $"{pattern} is not a probe");

        var failing = ProbeValidator.Value.FailingPatterns(index, value);

        Assert.Equal(!matches, failing);
    }

    [Theory]
    [InlineData("(?i)abc", "'(?' at 1 starts a group ECMA-262 does not have")]
    [InlineData("(?>a+)b", "'(?' at 1 starts a group ECMA-262 does not have")]
    [InlineData("[\\u{1F600}]", "a character class cannot hold the code point beyond U+FFFF")]
    [InlineData("(?<n>a)\\k", "'\\k' at 7 does not name a group of the pattern")]
    [InlineData("[z-a]", "out of order")]
    [InlineData("(?<n>a)(?<n>b)", "the group name 'n' is defined twice")]
    [InlineData("^*a", "the quantifier at 1 has nothing to repeat")]
    [InlineData("a(?<=a)+", "the quantifier at 7 has nothing to repeat")]
    [InlineData("\\b{2}", "the quantifier at 2 has nothing to repeat")]
    public void A_pattern_that_is_not_ECMA_262_is_not_checked_SG2008_and_the_rest_generates(string pattern, string why)
    {
        var run = GeneratorHarness.Run([new SpecFile("/fuzz/bad.yaml", Probe.Spec([pattern]), "Fuzz.Bad", "Bad")]);

        var warning = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(("SG2008", DiagnosticSeverity.Warning), (warning.Id, warning.Severity));
        var message = warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("The pattern '", message);
        Assert.Contains(why, message);
        Assert.EndsWith("; it is not checked", message);
        Assert.NotEmpty(run.Sources);
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
    }

    // --- against JavaScript ----------------------------------------------------------------------------------------

    private static readonly string[] Atoms =
    [
        "a", "Z", "0", "_", "-", "é", "漢", "٣", "３", ".", @"\.", @"\$", @"\-", "]", "}", "{", "a{,2}",
        @"\d", @"\D", @"\w", @"\W", @"\s", @"\S", "[^]", "[]", @"[\d]", @"[^\w]", @"[\s-]", @"[a-z]", @"[^a-z0-9]",
        @"[\W\d]", @"[\S\s]", @"[\w-z]", @"[z-\d]", @"[\x41-\x5A]", @"[\0-\b]", "[$^]", @"[\b]", @"[a-z-[x]]",
        @"\u00e9", @"\u6F22", @"\x41", @"\t", @"\n", @"\u2028", @"\uFEFF", @"\0", @"\101", @"\8", @"\cA", @"\c1",
        @"\a", @"\e", @"\z", @"\A", @"\Z",
    ];

    /// <summary>Assertions and backreferences: patterns with them run on .NET's backtracking engine, at any depth.</summary>
    private static readonly string[] Assertions = ["$", "^", @"\b", @"\B", "(?=a)", @"(?!\d)", @"(?<=\w)", @"(?<!\s)", @"\1", @"\2"];

    private static readonly string[] Quantifiers = ["", "", "", "*", "+", "?", "{2}", "{1,3}", "{0,}", "*?", "+?"];

    private const string Alphabet = "aAzZ0_-k{}[]é漢٣３ \t\n\r\v\u0001\u0000\u0008\u2028\u2029\uFEFF\u00A0\u1680\u180E\u200B\u0085\u3000$^.\uD800";

    private static Gen<string> Sequence(int depth)
    {
        var quantified = Gen.Select(Gen.OneOf(Atoms), Gen.OneOf(Quantifiers), (atom, quantifier) => atom + quantifier);
        var parts = new List<(int, IGen<string>)> { (8, quantified) };
        parts.Add((2, Gen.OneOf(Assertions)));

        if (depth < 2)
        {
            parts.Add((2, Gen.Select(Gen.Bool, Gen.Bool, Gen.OneOf(Quantifiers), Sequence(depth + 1), Sequence(depth + 1),
                (nonCapturing, alternation, quantifier, left, right) =>
                    "(" + (nonCapturing ? "?:" : "") + left + (alternation ? "|" + right : "") + ")" + quantifier)));
        }

        return Gen.Frequency(parts.ToArray()).Array[1, 4].Select(items => string.Concat(items));
    }

    private static readonly Gen<string> Pattern = Sequence(0);

    private static readonly Gen<string> Input = Gen.OneOf(Alphabet.ToCharArray()).Array[0, 5].Select(chars => new string(chars));

    [Fact]
    public void Generated_validators_agree_with_JavaScript_RegExp_on_random_patterns()
    {
        // One compilation for many patterns: each is a property of one schema, validated against 16 values.
        const int Inputs = 16;
        Gen.Select(Pattern.Array[150], Input.Array[150 * Inputs]).Sample(sample =>
        {
            var (patterns, inputs) = sample;
            var probe = Probe.Compile(patterns, "Random");
            var values = Enumerable.Range(0, patterns.Length).Select(i => inputs.Skip(i * Inputs).Take(Inputs).ToArray()).ToArray();
            var expected = JavaScriptMatches(patterns, values);
            var wrong = new List<string>();
            for (var j = 0; j < Inputs; j++)
            {
                var failing = probe.FailingPatterns(values.Select(v => v[j]).ToArray());
                for (var i = 0; i < patterns.Length; i++)
                {
                    if (failing.Contains(i) == expected[i][j])
                    {
                        wrong.Add($"/{patterns[i]}/ on {JsonSerializer.Serialize(values[i][j])}: JavaScript {(expected[i][j] ? "matches" : "does not match")}");
                    }
                }
            }

            Assert.True(wrong.Count == 0, string.Join("\n", wrong.Take(20)));
        }, iter: 4, threads: 1);
    }

    /// <summary>Whether JavaScript's <c>new RegExp(pattern).test(value)</c>, for each pattern and each of its values.</summary>
    private static bool[][] JavaScriptMatches(string[] patterns, string[][] values)
    {
        const string Script = "let d='';process.stdin.setEncoding('utf8').on('data',c=>d+=c).on('end',()=>{"
            + "process.stdout.write(JSON.stringify(JSON.parse(d).map(c=>{let r;try{r=new RegExp(c.p)}catch(e){return String(e)}"
            + "return c.v.map(s=>r.test(s))})))})";
        var start = new ProcessStartInfo("node", ["-e", Script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        Process node;
        try
        {
            node = Process.Start(start)!;
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("This test compares patterns with JavaScript's RegExp and needs Node.js ('node' on PATH): " + ex.Message, ex);
        }

        using (node)
        {
            // Lone surrogates survive as \uD800 escapes: the serializer escapes every non-ASCII character.
            node.StandardInput.Write(JsonSerializer.Serialize(patterns.Select((p, i) => new { p, v = values[i] })));
            node.StandardInput.Close();
            var output = node.StandardOutput.ReadToEnd();
            node.WaitForExit();
            Assert.True(node.ExitCode == 0, "node failed: " + output);
            using var results = JsonDocument.Parse(output);
            return results.RootElement.EnumerateArray().Select((result, i) => result.ValueKind == JsonValueKind.String
                    ? throw new InvalidOperationException($"JavaScript rejects /{patterns[i]}/ ({result.GetString()}), StageGen accepted it")
                    : result.EnumerateArray().Select(match => match.GetBoolean()).ToArray())
                .ToArray();
        }
    }

    /// <summary>A generated validator for one schema with a string property <c>p{i}</c> per pattern.</summary>
    private sealed class Probe(Type type, MethodInfo validate, PropertyInfo[] properties)
    {
        public static string Spec(IEnumerable<string> patterns) =>
            // A request carries the probe: only types a request can reach have a validator.
            "openapi: 3.1.0\ninfo: {title: Patterns, version: '1'}\n"
            + "paths: {/probe: {put: {operationId: putProbe, requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Probe'}}}}, responses: {'204': {description: Done}}}}}\ncomponents:\n  schemas:\n    Probe:\n      type: object\n      properties:\n"
            + string.Concat(patterns.Select((p, i) => $"        p{i}: {{type: string, pattern: '{p.Replace("'", "''")}'}}\n"));

        public static Probe Compile(string[] patterns, string name)
        {
            var run = GeneratorHarness.Run([new SpecFile($"/fuzz/{name}.yaml", Spec(patterns), "Fuzz." + name, name)]);
            Assert.True(run.GeneratorDiagnostics.All(d => d.Id == "SG2003"), GeneratorHarness.Format(run.GeneratorDiagnostics));
            Assert.Empty(run.CompilationDiagnostics);

            using var stream = new System.IO.MemoryStream();
            Assert.True(run.OutputCompilation.Emit(stream).Success);
            // Every compilation is called TestApp: each gets a context of its own.
            var assembly = new System.Runtime.Loader.AssemblyLoadContext(name, isCollectible: true).LoadFromStream(new System.IO.MemoryStream(stream.ToArray()));
            var type = assembly.GetType($"Fuzz.{name}.Probe")!;
            var validate = assembly.GetType($"Fuzz.{name}.{name}Validation")!.GetMethods()
                .Single(m => m.Name == "Validate" && m.GetParameters().Length == 1 && m.GetParameters()[0].ParameterType == type);
            return new Probe(type, validate, patterns.Select((_, i) => type.GetProperty("P" + i)!).ToArray());
        }

        /// <summary>Whether <paramref name="value"/> breaks pattern <paramref name="index"/>.</summary>
        public bool FailingPatterns(int index, string value)
        {
            var values = new string?[properties.Length];
            values[index] = value;
            return FailingPatterns(values).Contains(index);
        }

        /// <summary>The patterns whose value breaks them, with <paramref name="values"/>[i] as the value of <c>p{i}</c>.</summary>
        public HashSet<int> FailingPatterns(string?[] values)
        {
            var instance = Activator.CreateInstance(type)!;
            for (var i = 0; i < values.Length; i++)
            {
                properties[i].SetValue(instance, values[i]);
            }

            var result = (ValidationResult)validate.Invoke(null, [instance])!;
            // An input with an unpaired surrogate is also reported as not text ("type"); only the pattern is compared here.
            Assert.All(result.Errors, e => Assert.Contains(e.Rule, new[] { "pattern", "type" }));
            return result.Errors.Where(e => e.Rule == "pattern").Select(e => int.Parse(e.Path.Substring(1), System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        }
    }
}
