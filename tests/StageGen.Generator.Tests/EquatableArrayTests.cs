using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using StageGen.Generator.Common;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>
/// <see cref="EquatableArray{T}"/> is what keeps the pipeline's models cached: two arrays are equal when they hold equal
/// items in the same order, equal arrays hash alike, and the default value is the empty array.
/// </summary>
public sealed class EquatableArrayTests
{
    private sealed record Item(string Name, EquatableArray<string> Tags);

    private static EquatableArray<string> Of(params string[] items) => new(items);

    /// <summary>Equal by every way of asking (<c>Equals</c>, boxed <c>Equals</c>, <c>==</c>, <c>!=</c>), and hashing alike.</summary>
    private static void AssertEqualArrays<T>(EquatableArray<T> left, EquatableArray<T> right)
        where T : System.IEquatable<T>
    {
        AssertEquality(left, right, equal: true);
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
    }

    /// <summary>Different by every way of asking.</summary>
    private static void AssertUnequalArrays<T>(EquatableArray<T> left, EquatableArray<T> right)
        where T : System.IEquatable<T> => AssertEquality(left, right, equal: false);

    private static void AssertEquality<T>(EquatableArray<T> left, EquatableArray<T> right, bool equal)
        where T : System.IEquatable<T>
    {
        Assert.Equal(equal, left.Equals(right));
        Assert.Equal(equal, right.Equals(left));
        Assert.Equal(equal, left.Equals((object)right));
        Assert.Equal(equal, left == right);
        Assert.Equal(!equal, left != right);
    }

    [Fact]
    public void Arrays_with_equal_items_in_the_same_order_are_equal_and_hash_alike()
    {
        AssertEqualArrays(Of("a", "b", "c"), new EquatableArray<string>(ImmutableArray.Create("a", "b", "c")));
    }

    [Fact]
    public void Items_are_compared_by_their_own_equality_not_by_reference()
    {
        var a = new string('x', 3);
        var b = new string('x', 3);
        Assert.NotSame(a, b);

        AssertEqualArrays(Of(a), Of(b));
    }

    [Fact]
    public void Order_matters()
    {
        AssertUnequalArrays(Of("a", "b"), Of("b", "a"));

        // The hash follows the order too, so reordered items do not all land in one bucket.
        var oneTwo = new EquatableArray<int>(new[] { 1, 2 });
        var twoOne = new EquatableArray<int>(new[] { 2, 1 });
        AssertUnequalArrays(oneTwo, twoOne);
        Assert.NotEqual(oneTwo.GetHashCode(), twoOne.GetHashCode());
    }

    [Theory]
    [InlineData(new[] { "a" }, new[] { "a", "b" })] // a prefix
    [InlineData(new[] { "a", "b" }, new[] { "a", "c" })] // the same length, one item differs
    [InlineData(new[] { "a" }, new string[0])] // empty
    [InlineData(new[] { "a" }, new[] { "A" })] // strings compare ordinally
    public void Arrays_that_differ_in_an_item_or_in_length_are_not_equal(string[] left, string[] right) =>
        AssertUnequalArrays(Of(left), Of(right));

    [Fact]
    public void The_default_value_is_the_empty_array()
    {
        EquatableArray<string> none = default;

        Assert.True(none.IsEmpty);
        Assert.Empty(none);
        Assert.Empty((IEnumerable<string>)none);
        AssertEqualArrays(none, EquatableArray<string>.Empty);
        AssertEqualArrays(none, Of());
        AssertEqualArrays(none, new EquatableArray<string>(default(ImmutableArray<string>)));
        AssertUnequalArrays(none, Of("a"));
        AssertUnequalArrays(none, Of(""));
    }

    [Fact]
    public void Records_holding_arrays_compare_by_content()
    {
        var left = new EquatableArray<Item>(new[] { new Item("x", Of("1", "2")), new Item("y", default) });
        var right = new EquatableArray<Item>(new[] { new Item("x", Of("1", "2")), new Item("y", Of()) });

        AssertEqualArrays(left, right);
        AssertUnequalArrays(left, new EquatableArray<Item>(new[] { new Item("x", Of("2", "1")), new Item("y", Of()) }));
    }

    [Fact]
    public void The_items_are_a_copy_taken_at_construction()
    {
        var source = new List<string> { "a", "b" };
        var array = new EquatableArray<string>(source);

        source[0] = "changed";
        source.Add("c");

        AssertEqualArrays(Of("a", "b"), array);
        Assert.Equal(new[] { "a", "b" }, array.ToArray());
    }

    [Fact]
    public void Indexing_and_enumeration_give_the_items_in_order()
    {
        var array = Of("a", "b", "c");

        Assert.Equal(3, array.Count);
        Assert.False(array.IsEmpty);
        Assert.Equal("b", array[1]);
        Assert.Equal(new[] { "a", "b", "c" }, array.ToArray());

        var seen = new List<string>();
        foreach (var item in array)
        {
            seen.Add(item);
        }

        Assert.Equal(new[] { "a", "b", "c" }, seen);
    }

    [Fact]
    public void Boxed_equality_is_false_for_anything_but_an_equal_array()
    {
        object array = Of("a");

        Assert.True(array.Equals(Of("a")));
        Assert.False(array.Equals(null));
        Assert.False(array.Equals("a"));
        Assert.False(array.Equals(new[] { "a" }));
        Assert.False(array.Equals(ImmutableArray.Create("a")));
    }
}
