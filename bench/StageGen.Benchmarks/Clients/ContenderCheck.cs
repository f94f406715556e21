using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace StageGen.Benchmarks.Clients;

/// <summary>
/// Before anything is timed: every contender must read the same Stage and send the same UpdateStage request (same
/// method, URI, Accept and Content-Type, and a body with the same JSON members). A contender that cuts a corner fails
/// here, not silently in a table.
/// </summary>
public static class ContenderCheck
{
    public static string Run(Contenders contenders, bool print = false)
    {
        var report = new StringBuilder();
        string? expectedStage = null, expectedBody = null;
        var handler = contenders.Handler;
        handler.Capture = true;
        try
        {
            foreach (var (name, get, update) in contenders.All())
            {
                var stage = get().GetAwaiter().GetResult();
                var getRequest = handler.LastRequest;
                var updated = update().GetAwaiter().GetResult();
                var updateRequest = handler.LastRequest;
                var body = Normalize(handler.LastRequestBody);
                expectedStage ??= stage;
                expectedBody ??= body;
                report.AppendLine($"{name}:\n  GET   {getRequest}\n  PATCH {updateRequest}\n  body  {body}\n  stage {stage}");
                Require(stage == expectedStage, $"{name} read a different Stage:\n  {stage}\nexpected\n  {expectedStage}");
                Require(updated == expectedStage, $"{name} read a different Stage after UpdateStage:\n  {updated}");
                Require(body == expectedBody, $"{name} sent a different UpdateStage body:\n  {body}\nexpected\n  {expectedBody}");
                Require(getRequest!.StartsWith("GET https://apigateway.bench.test/v2/apis/a1b2c3d4e5/stages/prod ", StringComparison.Ordinal), $"{name}: unexpected GET {getRequest}");
                Require(updateRequest!.StartsWith("PATCH https://apigateway.bench.test/v2/apis/a1b2c3d4e5/stages/prod ", StringComparison.Ordinal), $"{name}: unexpected PATCH {updateRequest}");
                Require(getRequest.Contains("Accept=application/json", StringComparison.Ordinal), $"{name}: GET without Accept: application/json");
                Require(updateRequest.Contains("Content-Type=application/json", StringComparison.Ordinal), $"{name}: PATCH body without Content-Type: application/json");
            }
        }
        finally
        {
            handler.Capture = false;
        }

        if (print)
        {
            Console.WriteLine(report);
        }

        return report.ToString();
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Contender check failed: " + message);
        }
    }

    /// <summary>The JSON with object members sorted and numbers as written, so member order and spacing do not count.</summary>
    private static string Normalize(byte[]? utf8)
    {
        if (utf8 is null)
        {
            return "(no body)";
        }

        using var document = JsonDocument.Parse(utf8);
        var text = new StringBuilder();
        Write(document.RootElement, text);
        return text.ToString();
    }

    private static void Write(JsonElement element, StringBuilder text)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                text.Append('{');
                var first = true;
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    text.Append(first ? "" : ",").Append(property.Name).Append(':');
                    Write(property.Value, text);
                    first = false;
                }

                text.Append('}');
                break;
            case JsonValueKind.Number:
                text.Append(element.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                text.Append(element.GetRawText());
                break;
        }
    }
}
