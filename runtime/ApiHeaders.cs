using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;

namespace StageGen.Runtime.CompilerServices;

/// <summary>Reads one value for <see cref="ApiHeaders.List{T}"/>; false when the text is not of the form.</summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate bool ApiHeaderParser<T>(string text, out T value);

/// <summary>
/// Reads a response header by its schema. Each returns null when the response does not have the header or when its
/// value is not of the form (a malformed header never fails the call: the raw text stays in
/// <see cref="ApiResponseInfo.Headers"/>). A header sent on several lines is their values joined with <c>", "</c>, as
/// HTTP combines them.
/// </summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ApiHeaders
{
    /// <summary>The header's text.</summary>
    public static string? String(ApiResponseInfo response, string name) =>
        response.Headers.TryGetValue(name, out var values) && values.Count > 0 ? (values.Count == 1 ? values[0] : string.Join(", ", values)) : null;

    /// <summary>An <c>int32</c>.</summary>
    public static int? Int32(ApiResponseInfo response, string name) => Nullable<int>(String(response, name), TryInt32);

    /// <summary>An <c>int64</c> (an <c>integer</c> of no format).</summary>
    public static long? Int64(ApiResponseInfo response, string name) => Nullable<long>(String(response, name), TryInt64);

    /// <summary>A <c>number</c>.</summary>
    public static double? Double(ApiResponseInfo response, string name) => Nullable<double>(String(response, name), TryDouble);

    /// <summary>A <c>float</c>.</summary>
    public static float? Single(ApiResponseInfo response, string name) => Nullable<float>(String(response, name), TrySingle);

    /// <summary>A <c>boolean</c>: <c>true</c> or <c>false</c>, in any case.</summary>
    public static bool? Boolean(ApiResponseInfo response, string name) => Nullable<bool>(String(response, name), TryBoolean);

    /// <summary>A <c>date-time</c>: RFC 3339, or the HTTP date that headers such as <c>Last-Modified</c> carry (RFC 9110).</summary>
    public static DateTimeOffset? DateTimeOffset(ApiResponseInfo response, string name) => Nullable<DateTimeOffset>(String(response, name), TryDateTimeOffset);

    /// <summary>A <c>date</c>: <c>yyyy-MM-dd</c>.</summary>
    public static DateOnly? DateOnly(ApiResponseInfo response, string name) => Nullable<DateOnly>(String(response, name), TryDateOnly);

    /// <summary>A <c>uuid</c>.</summary>
    public static Guid? Guid(ApiResponseInfo response, string name) => Nullable<Guid>(String(response, name), TryGuid);

    /// <summary>A <c>uri</c>, absolute or relative (a <c>Location</c> may be either).</summary>
    public static Uri? Uri(ApiResponseInfo response, string name) => String(response, name) is { } text && TryUri(text, out var uri) ? uri : null;

    /// <summary>An enum's value: any text, as the enum keeps values the spec does not name.</summary>
    public static T? Enum<T>(ApiResponseInfo response, string name, Func<string, T> create)
        where T : struct => String(response, name) is { } text ? create(text.Trim()) : null;

    /// <summary>A list: the items between commas, trimmed; null when one is not of the item's form.</summary>
    public static IReadOnlyList<T>? List<T>(ApiResponseInfo response, string name, ApiHeaderParser<T> parse)
    {
        if (String(response, name) is not { } text)
        {
            return null;
        }

        var items = new List<T>();
        foreach (var item in text.Split(','))
        {
            if (!parse(item.Trim(), out var value))
            {
                return null;
            }

            items.Add(value);
        }

        return items;
    }

    /// <summary>Text as it is (a list item).</summary>
    public static bool TryString(string text, out string value)
    {
        value = text;
        return true;
    }

    /// <summary>An <c>int32</c> (a list item).</summary>
    public static bool TryInt32(string text, out int value) => int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>An <c>int64</c> (a list item).</summary>
    public static bool TryInt64(string text, out long value) => long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>A <c>number</c> (a list item); finite only.</summary>
    public static bool TryDouble(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>A <c>float</c> (a list item); finite only.</summary>
    public static bool TrySingle(string text, out float value) =>
        float.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);

    /// <summary>A <c>boolean</c> (a list item).</summary>
    public static bool TryBoolean(string text, out bool value)
    {
        var trimmed = text.Trim();
        value = trimmed.Equals("true", StringComparison.OrdinalIgnoreCase);
        return value || trimmed.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A <c>date-time</c> (a list item): RFC 3339, or an HTTP date.</summary>
    public static bool TryDateTimeOffset(string text, out DateTimeOffset value)
    {
        var trimmed = text.Trim();
        return System.DateTimeOffset.TryParseExact(trimmed, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value)
            || (trimmed.Length >= 10 && trimmed[4] == '-'
                && System.DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value));
    }

    /// <summary>A <c>date</c> (a list item).</summary>
    public static bool TryDateOnly(string text, out DateOnly value) =>
        System.DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    /// <summary>A <c>uuid</c> (a list item).</summary>
    public static bool TryGuid(string text, out Guid value) => System.Guid.TryParse(text.Trim(), out value);

    /// <summary>A <c>uri</c> (a list item).</summary>
    public static bool TryUri(string text, out Uri value) => System.Uri.TryCreate(text.Trim(), UriKind.RelativeOrAbsolute, out value!);

    private static T? Nullable<T>(string? text, ApiHeaderParser<T> parse)
        where T : struct => text is not null && parse(text, out var value) ? value : null;
}
