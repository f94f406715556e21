using System;
using System.Collections.Generic;
using System.Linq;
using Contoso.Gateway;
using Contoso.Inventory;
using StageGen.Client.Tests.Infrastructure;
using StageGen.Runtime;
using StageGen.Runtime.CompilerServices;
using Xunit;

namespace StageGen.Client.Tests;

/// <summary>The generated validators (StageValidation, InventoryValidation): paths, rules, all errors at once, no allocation.</summary>
public class ValidationTests
{
    private static ValidationError SingleError(ValidationResult result)
    {
        Assert.False(result.IsValid);
        return Assert.Single(result.Errors);
    }

    private static void AssertError(ValidationResult result, string path, string rule)
    {
        var error = SingleError(result);
        Assert.Equal(path, error.Path);
        Assert.Equal(rule, error.Rule);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    private static HashSet<(string Path, string Rule)> PathsAndRules(ValidationResult result) =>
        result.Errors.Select(e => (e.Path, e.Rule)).ToHashSet();

    // --- text ---------------------------------------------------------------------------------------------------

    [Fact]
    public void Every_string_must_be_text_wherever_it_is()
    {
        var input = new UpdateStageInput
        {
            Description = "a" + '\uD800',
            AccessLogSettings = new AccessLogSettings { DestinationArn = '\uDC00' + "arn" },
            StageVariables = new Dictionary<string, string> { ["k" + '\uD83D'] = "v", ["alias"] = "li" + '\uDE00' + "ve" },
        };

        var errors = StageValidation.Validate(input).Errors.Where(e => e.Rule is "type" or "propertyNames.type").ToList();

        Assert.Equal(
            new[] { ("accessLogSettings.destinationArn", "type"), ("description", "type"), ("stageVariables[\"alias\"]", "type"), ("stageVariables[\"k\\uD83D\"]", "propertyNames.type") },
            errors.Select(e => (e.Path, e.Rule)).OrderBy(e => e.Path, StringComparer.Ordinal));
        Assert.All(errors, e => Assert.Contains("unpaired surrogate", e.Message));
    }

    [Fact]
    public void Surrogate_pairs_are_text()
    {
        Assert.Same(ValidationResult.Success, StageValidation.Validate(new UpdateStageInput { Description = "\uD83D\uDE00" }));
    }

    // --- path parameters ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData("prod")]
    [InlineData("$default")]
    [InlineData("Stage_1-beta")]
    public void Valid_stage_names_pass(string stageName)
    {
        Assert.Same(ValidationResult.Success, StageValidation.ValidateGetStageParameters("api1", stageName));
    }

    [Fact]
    public void Stage_name_of_128_characters_is_valid()
    {
        Assert.True(StageValidation.ValidateGetStageParameters("api1", new string('a', 128)).IsValid);
    }

    [Fact]
    public void Stage_name_of_129_characters_breaks_maxLength()
    {
        AssertError(StageValidation.ValidateGetStageParameters("api1", new string('a', 129)), "stageName", "maxLength");
    }

    [Theory]
    [InlineData("my stage")]
    [InlineData("a/b")]
    [InlineData("stäge")]
    [InlineData("")]
    [InlineData("$default2")]
    [InlineData("x$default")]
    [InlineData("prod\n")] // ECMA-262 '$' (no multiline) matches only at the very end; .NET's also matches before a final \n
    public void Stage_names_outside_the_pattern_break_it(string stageName)
    {
        AssertError(StageValidation.ValidateDeleteStageParameters("api1", stageName), "stageName", "pattern");
    }

    [Fact]
    public void Empty_api_id_breaks_minLength()
    {
        AssertError(StageValidation.ValidateUpdateStageParameters("", "prod"), "apiId", "minLength");
    }

    [Fact]
    public void Both_parameters_are_reported_together()
    {
        var result = StageValidation.ValidateGetStageParameters("", new string('-', 200) + " ");

        Assert.Equal(
            new HashSet<(string, string)> { ("apiId", "minLength"), ("stageName", "maxLength"), ("stageName", "pattern") },
            PathsAndRules(result));
    }

    // --- request body -------------------------------------------------------------------------------------------

    [Fact]
    public void Bad_stage_variable_name_is_reported_at_its_key()
    {
        var input = new UpdateStageInput { StageVariables = new Dictionary<string, string> { ["bad key"] = "v" } };

        AssertError(StageValidation.Validate(input), "stageVariables[\"bad key\"]", "propertyNames.pattern");
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("ü")]
    [InlineData("")]
    [InlineData("v\n")]
    public void Bad_stage_variable_value_is_reported_at_its_key(string value)
    {
        var input = new UpdateStageInput { StageVariables = new Dictionary<string, string> { ["k"] = value } };

        AssertError(StageValidation.Validate(input), "stageVariables[\"k\"]", "pattern");
    }

    [Fact]
    public void Stage_variable_value_may_use_every_allowed_punctuation()
    {
        var input = new UpdateStageInput { StageVariables = new Dictionary<string, string> { ["k"] = "A-z0-9-._~:/?#&=," } };

        Assert.True(StageValidation.Validate(input).IsValid);
    }

    [Fact]
    public void Access_log_format_without_request_id_breaks_the_pattern()
    {
        var input = new UpdateStageInput { AccessLogSettings = new AccessLogSettings { Format = "$context.status" } };

        AssertError(StageValidation.Validate(input), "accessLogSettings.format", "pattern");
    }

    [Fact]
    public void Access_log_format_may_have_the_request_id_anywhere()
    {
        var input = new UpdateStageInput { AccessLogSettings = new AccessLogSettings { Format = "{ \"id\":\"$context.requestId\" }" } };

        Assert.True(StageValidation.Validate(input).IsValid);
    }

    [Fact]
    public void Unknown_logging_level_is_refused_in_a_request()
    {
        var input = new UpdateStageInput
        {
            DefaultRouteSettings = new RouteSettings { LoggingLevel = "TRACE" },
            RouteSettings = new Dictionary<string, RouteSettings> { ["$default"] = new() { LoggingLevel = "TRACE" } },
        };

        var result = StageValidation.Validate(input);

        Assert.Equal(
            new HashSet<(string, string)>
            {
                ("defaultRouteSettings.loggingLevel", "enum"),
                ("routeSettings[\"$default\"].loggingLevel", "enum"),
            },
            PathsAndRules(result));
        Assert.All(result.Errors, e => Assert.Contains("TRACE", e.Message));
    }

    [Fact]
    public void Every_failure_of_one_object_is_reported_together()
    {
        var input = new UpdateStageInput
        {
            DefaultRouteSettings = new RouteSettings { LoggingLevel = "TRACE", ThrottlingRateLimit = double.NaN },
            RouteSettings = new Dictionary<string, RouteSettings>
            {
                ["$default"] = new() { LoggingLevel = "verbose" },
                ["GET /ok"] = new() { LoggingLevel = LoggingLevel.Info },
            },
            StageVariables = new Dictionary<string, string>
            {
                ["bad key"] = "bad value",
                ["good"] = "ok",
                ["k"] = "ü",
            },
            AccessLogSettings = new AccessLogSettings { Format = "no id" },
        };

        var result = StageValidation.Validate(input);

        Assert.Equal(
            new HashSet<(string, string)>
            {
                ("defaultRouteSettings.loggingLevel", "enum"),
                ("defaultRouteSettings.throttlingRateLimit", "type"),
                ("routeSettings[\"$default\"].loggingLevel", "enum"),
                ("stageVariables[\"bad key\"]", "propertyNames.pattern"),
                ("stageVariables[\"bad key\"]", "pattern"),
                ("stageVariables[\"k\"]", "pattern"),
                ("accessLogSettings.format", "pattern"),
            },
            PathsAndRules(result));
        Assert.Equal(7, result.Errors.Count);
    }

    [Fact]
    public void Valid_full_input_returns_the_shared_success_result()
    {
        var result = StageValidation.Validate(Samples.FullUpdateStageInput());

        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
        Assert.Same(ValidationResult.Success, result);
    }

    [Fact]
    public void Validating_valid_full_input_allocates_nothing()
    {
        var input = Samples.FullUpdateStageInput();
        for (var i = 0; i < 10; i++)
        {
            StageValidation.Validate(input); // warm up: JIT, regex engine state
            StageValidation.ValidateUpdateStageParameters("api-1", "$default");
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = StageValidation.Validate(input);
        var parameters = StageValidation.ValidateUpdateStageParameters("api-1", "$default");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(result.IsValid && parameters.IsValid);
        Assert.Equal(0, allocated);
    }

    // --- inventory ----------------------------------------------------------------------------------------------

    [Fact]
    public void Minimal_item_is_valid()
    {
        Assert.Same(ValidationResult.Success, InventoryValidation.Validate(Samples.MinimalNewItem()));
    }

    [Fact]
    public void Tags_need_at_least_one_item()
    {
        AssertError(InventoryValidation.Validate(Samples.MinimalNewItem() with { Tags = Array.Empty<string>() }), "tags", "minItems");
    }

    [Fact]
    public void Tags_allow_at_most_ten_items()
    {
        var ten = Enumerable.Range(0, 10).Select(i => "t" + i).ToArray();

        Assert.True(InventoryValidation.Validate(Samples.MinimalNewItem() with { Tags = ten }).IsValid);
        AssertError(InventoryValidation.Validate(Samples.MinimalNewItem() with { Tags = ten.Append("t10").ToArray() }), "tags", "maxItems");
    }

    [Fact]
    public void A_repeated_tag_breaks_unique_items_and_names_both_indexes()
    {
        var result = InventoryValidation.Validate(Samples.MinimalNewItem() with { Tags = new[] { "red", "Red", "blue", "red" } });

        AssertError(result, "tags", "uniqueItems");
        Assert.Contains("item 3 repeats item 0", result.Errors.Single().Message, StringComparison.Ordinal);
        Assert.True(InventoryValidation.Validate(Samples.MinimalNewItem() with { Tags = new[] { "red", "Red", "red " } }).IsValid);
    }

    [Fact]
    public void Attributes_allow_at_most_three_entries()
    {
        var three = new Dictionary<string, string> { ["colour"] = "red", ["material"] = "oak", ["finish"] = "matte" };

        Assert.True(InventoryValidation.Validate(Samples.MinimalNewItem() with { Attributes = three }).IsValid);
        var four = new Dictionary<string, string>(three) { ["size"] = "L" };
        var result = InventoryValidation.Validate(Samples.MinimalNewItem() with { Attributes = four });
        AssertError(result, "attributes", "maxProperties");
        Assert.Equal("must have at most 3 entries (has 4)", result.Errors.Single().Message);
    }

    [Theory]
    [InlineData(17, -1)]
    [InlineData(40, 39)]
    [InlineData(40, 16)]
    public void Unique_items_on_long_lists_find_the_first_repeat(int count, int repeatAt)
    {
        var items = Enumerable.Range(0, count).Select(i => (string?)("v" + i)).ToArray();
        if (repeatAt >= 0)
        {
            items[repeatAt] = "v2";
        }

        var errors = new ValidationErrors();
        errors.CheckUnique("list", items);

        var result = errors.ToResult();
        if (repeatAt < 0)
        {
            Assert.True(result.IsValid);
            return;
        }

        var error = Assert.Single(result.Errors);
        Assert.Equal(("list", "uniqueItems"), (error.Path, error.Rule));
        Assert.Contains($"item {repeatAt} repeats item 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unique_items_treat_null_as_a_value_and_numbers_by_value()
    {
        var errors = new ValidationErrors();
        errors.CheckUnique("names", Enumerable.Range(0, 20).Select(i => i is 5 or 12 ? null : "n" + i).ToArray());
        errors.CheckUnique("ratios", new[] { 0.5, -0.0, 0.0 });
        errors.CheckUnique("counts", new long[] { 1, 2, 3 });

        var result = errors.ToResult();
        Assert.Equal(new[] { ("names", "uniqueItems"), ("ratios", "uniqueItems") }, result.Errors.Select(e => (e.Path, e.Rule)));
    }

    [Fact]
    public void A_valid_unique_list_allocates_nothing()
    {
        var tags = new[] { "a", "b", "c", "d" };
        var errors = new ValidationErrors();
        errors.CheckUnique("tags", tags);
        var before = GC.GetAllocatedBytesForCurrentThread();
        errors.CheckUnique("tags", tags);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(errors.ToResult().IsValid);
    }

    [Fact]
    public void Too_long_tag_is_reported_at_its_index()
    {
        AssertError(InventoryValidation.Validate(Samples.MinimalNewItem() with { Tags = new[] { "ok", new string('x', 33) } }), "tags[1]", "maxLength");
    }

    [Theory]
    [InlineData(32, true)]
    [InlineData(33, false)]
    public void A_tag_length_counts_a_surrogate_pair_as_one_character(int pairs, bool valid)
    {
        var tag = string.Concat(Enumerable.Repeat("\U0001F600", pairs));

        Assert.Equal(valid, InventoryValidation.Validate(Samples.MinimalNewItem() with { Tags = new[] { tag } }).IsValid);
    }

    [Theory]
    [InlineData(@"\uD800", 32, true)] // 32 lone high surrogates: 32 code points
    [InlineData(@"\uD800", 33, false)]
    [InlineData(@"\uDC00", 33, false)] // lone low surrogates
    [InlineData(@"\uDFFF", 33, false)]
    [InlineData(@"\uD800\uD83D\uDE00", 16, true)] // a lone high surrogate, then a pair: 2 code points each
    [InlineData(@"\uD800\uD83D\uDE00", 17, false)]
    [InlineData(@"a\uD800\uD800\uD800b", 6, true)] // 30
    [InlineData(@"a\uD800\uD800\uD800b", 7, false)] // 35
    public void A_tag_length_counts_a_lone_surrogate_as_one_character(string escapedUnit, int times, bool withinMaxLength)
    {
        // Escaped: test data with lone surrogates does not survive the test runner's UTF-8 serialization.
        var tag = string.Concat(Enumerable.Repeat(System.Text.RegularExpressions.Regex.Unescape(escapedUnit), times));

        var result = InventoryValidation.Validate(Samples.MinimalNewItem() with { Tags = new[] { tag } });

        // A string with an unpaired surrogate is never valid (it cannot be sent as it is); its length still counts
        // each one as one code point.
        var expected = new HashSet<(string, string)> { ("tags[0]", "type") };
        if (!withinMaxLength)
        {
            expected.Add(("tags[0]", "maxLength"));
        }

        Assert.Equal(expected, PathsAndRules(result));
    }

    [Fact]
    public void An_api_id_of_one_lone_surrogate_has_length_one()
    {
        // minLength: 1 is met; only the unpaired surrogate itself is reported.
        Assert.Equal(new HashSet<(string, string)> { ("apiId", "type") }, PathsAndRules(StageValidation.ValidateUpdateStageParameters("\uD800", "prod")));
        Assert.Equal(new HashSet<(string, string)> { ("apiId", "type") }, PathsAndRules(StageValidation.ValidateUpdateStageParameters("\uDFFF", "prod")));
    }

    [Theory]
    [InlineData(0L, true)]
    [InlineData(long.MaxValue, true)]
    [InlineData(-1L, false)]
    [InlineData(long.MinValue, false)]
    public void Quantity_has_minimum_zero(long quantity, bool valid)
    {
        var result = InventoryValidation.Validate(Samples.MinimalNewItem() with { Quantity = quantity });

        if (valid)
        {
            Assert.True(result.IsValid);
        }
        else
        {
            AssertError(result, "quantity", "minimum");
        }
    }

    [Theory]
    [InlineData(0.01, true)]
    [InlineData(double.Epsilon, true)]
    [InlineData(0.0, false)]
    [InlineData(-5.0, false)]
    public void Price_must_be_greater_than_zero(double price, bool valid)
    {
        var result = InventoryValidation.Validate(Samples.MinimalNewItem() with { Price = price });

        if (valid)
        {
            Assert.True(result.IsValid);
        }
        else
        {
            AssertError(result, "price", "exclusiveMinimum");
        }
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Price_that_JSON_cannot_carry_is_invalid(double price)
    {
        var error = SingleError(InventoryValidation.Validate(Samples.MinimalNewItem() with { Price = price }));

        Assert.Equal("price", error.Path);
    }
}
