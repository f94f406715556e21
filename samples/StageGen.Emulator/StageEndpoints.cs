using System;
using System.IO;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace StageGen.Emulator;

/// <summary>The Stage operations (GetStage, DeleteStage, UpdateStage) as minimal API endpoints.</summary>
internal static class StageEndpoints
{
    public const string Route = "/v2/apis/{apiId}/stages/{stageName}";

    public static void Map(IEndpointRouteBuilder endpoints, StageStore store, TimeProvider time)
    {
        endpoints.MapGet(Route, context =>
        {
            (string apiId, string stageName) = RouteValues(context)!.Value;
            return Responses.WriteAsync(context, store.Get(apiId, stageName));
        });
        endpoints.MapDelete(Route, context =>
        {
            (string apiId, string stageName) = RouteValues(context)!.Value;
            return Responses.WriteAsync(context, store.Delete(apiId, stageName));
        });
        endpoints.MapPatch(Route, async context =>
        {
            (string apiId, string stageName) = RouteValues(context)!.Value;
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            // The body is validated before the stage is looked up: a 400 wins over a 404, as in the live service.
            if (!StagePatch.TryParse(body.GetBuffer().AsMemory(0, (int)body.Length), out StagePatch patch, out string? error))
            {
                await Responses.BadRequestAsync(context, error!);
                return;
            }
            await Responses.WriteAsync(context, store.Update(apiId, stageName, stage => patch.ApplyTo(stage, time.GetUtcNow())));
        });
        endpoints.MapFallback(context => Responses.NotFoundAsync(context,
            $"No operation matches {context.Request.Method} {context.Request.Path}{context.Request.QueryString}.", resourceType: null));
    }

    /// <summary>
    /// The decoded <c>apiId</c> and <c>stageName</c> of a request routed to <see cref="Route"/>, or <c>null</c>.
    /// Read from the raw target and percent-decoded exactly once, because ASP.NET Core's own route values keep
    /// <c>%2F</c> encoded (so <c>a%2Fb</c> would arrive as <c>a%2Fb</c>, not <c>a/b</c>).
    /// </summary>
    public static (string ApiId, string StageName)? RouteValues(HttpContext context)
    {
        RouteValueDictionary values = context.Request.RouteValues;
        if (values["apiId"] is not string apiId || values["stageName"] is not string stageName)
        {
            return null;
        }
        string rawPath = RawPathAndQuery(context);
        int queryStart = rawPath.IndexOf('?');
        string[] segments = (queryStart < 0 ? rawPath : rawPath[..queryStart]).Split('/');
        // Falls back to the routed values when the raw path is not plainly ".../{apiId}/stages/{stageName}" (e.g. a trailing slash).
        return segments.Length >= 3 && segments[^2] == "stages"
            ? (Uri.UnescapeDataString(segments[^3]), Uri.UnescapeDataString(segments[^1]))
            : (apiId, stageName);
    }

    /// <summary>The raw target's path and query, also when the target is in absolute form (<c>http://host/path</c>).</summary>
    public static string RawPathAndQuery(HttpContext context)
    {
        string rawTarget = RawTarget(context);
        int schemeEnd = rawTarget.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return rawTarget;
        }
        int pathStart = rawTarget.IndexOf('/', schemeEnd + 3);
        return pathStart < 0 ? "/" : rawTarget[pathStart..];
    }

    public static string RawTarget(HttpContext context) =>
        context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.ToUriComponent();
}
