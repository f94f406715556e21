using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Refit;
using StageGen.Runtime;
using Gen = StageGen.Benchmarks.Generated;
using Hand = StageGen.Benchmarks.Floor;
#if PEERS
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using KiotaModels = StageGen.Benchmarks.Peers.Kiota.Models;
using NSwagPeer = StageGen.Benchmarks.Peers.NSwag;
#endif

namespace StageGen.Benchmarks.Clients;

/// <summary>
/// Every client over the same <see cref="CannedHandler"/> and <see cref="HttpClient"/>, with its UpdateStage body built
/// once from <see cref="Payloads"/>. Each call returns the Stage's name so callers can check it.
/// </summary>
public sealed class Contenders
{
    public Contenders(byte[] responseBody)
    {
        Handler = new CannedHandler(responseBody);
        Http = new HttpClient(Handler) { BaseAddress = Payloads.BaseAddress };

        Floor = new Hand.FloorStageClient(Http);
        FloorBody = BuildFloorBody();

        StageGen = new Gen.StageClient(Http);
        StageGenUnvalidated = new Gen.StageClient(Http, new Gen.StageClientOptions { ValidateRequests = false });
        StageGenBody = BuildStageGenBody();

        var refitSettings = new RefitSettings(new SystemTextJsonContentSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        }));
        Refit = RestService.For<IRefitStageApi>(Http, refitSettings);

#if PEERS
        NSwag = new NSwagPeer.NSwagStageClient(Http);
        NSwagBody = BuildNSwagBody();
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: Http)
        {
            BaseUrl = Payloads.BaseAddress.AbsoluteUri.TrimEnd('/'),
        };
        Kiota = new Peers.Kiota.KiotaStageClient(adapter);
        KiotaBody = BuildKiotaBody();
#endif
    }

    private readonly string _httpOnlyPrefix = Payloads.BaseAddress.AbsoluteUri;

    public CannedHandler Handler { get; }

    public HttpClient Http { get; }

    public Hand.FloorStageClient Floor { get; }

    public Hand.UpdateStageInput FloorBody { get; }

    public Gen.StageClient StageGen { get; }

    public Gen.StageClient StageGenUnvalidated { get; }

    public Gen.UpdateStageInput StageGenBody { get; }

    public IRefitStageApi Refit { get; }

#if PEERS
    public NSwagPeer.NSwagStageClient NSwag { get; }

    public NSwagPeer.UpdateStageInput NSwagBody { get; }

    public Peers.Kiota.KiotaStageClient Kiota { get; }

    public KiotaModels.UpdateStageInput KiotaBody { get; }
#endif

    /// <summary>
    /// HttpClient and the in-memory handler alone, the least any client pays: a GET of an absolute URI (built from
    /// constant text), no headers, the response disposed unread.
    /// </summary>
    public async Task<int> HttpOnlyAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(string.Concat(_httpOnlyPrefix, "v2/apis/a1b2c3d4e5/stages/prod"), UriKind.Absolute));
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        return (int)response.StatusCode;
    }

    /// <summary>Names and calls of every contender, for checking them all the same way.</summary>
    public IEnumerable<(string Name, Func<Task<string>> Get, Func<Task<string>> Update)> All()
    {
        yield return ("floor", async () => Describe(await Floor.GetStageAsync(Payloads.ApiId, Payloads.StageName)),
            async () => Describe(await Floor.UpdateStageAsync(Payloads.ApiId, Payloads.StageName, FloorBody)));
        yield return ("StageGen", async () => Describe(await StageGen.GetStageAsync(Payloads.ApiId, Payloads.StageName)),
            async () => Describe(await StageGen.UpdateStageAsync(Payloads.ApiId, Payloads.StageName, StageGenBody)));
        yield return ("StageGen (no validation)", async () => Describe(await StageGenUnvalidated.GetStageAsync(Payloads.ApiId, Payloads.StageName)),
            async () => Describe(await StageGenUnvalidated.UpdateStageAsync(Payloads.ApiId, Payloads.StageName, StageGenBody)));
        yield return ("Refit", async () => Describe(await Refit.GetStageAsync(Payloads.ApiId, Payloads.StageName)),
            async () => Describe(await Refit.UpdateStageAsync(Payloads.ApiId, Payloads.StageName, FloorBody)));
#if PEERS
        yield return ("NSwag", async () => Describe(await NSwag.GetStageAsync(Payloads.ApiId, Payloads.StageName)),
            async () => Describe(await NSwag.UpdateStageAsync(NSwagBody, Payloads.ApiId, Payloads.StageName)));
        yield return ("Kiota", async () => Describe((await Kiota.V2.Apis[Payloads.ApiId].Stages[Payloads.StageName].GetAsync())!),
            async () => Describe((await Kiota.V2.Apis[Payloads.ApiId].Stages[Payloads.StageName].PatchAsync(KiotaBody))!));
#endif
    }

    // One line per Stage, the same for every client's types: every member, maps in key order.
    public static string Describe(Hand.Stage s) => Line(s.StageName, s.Description, s.DeploymentId, s.ClientCertificateId,
        Route(s.DefaultRouteSettings), s.RouteSettings?.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + Route(p.Value)),
        Map(s.StageVariables), s.AccessLogSettings?.Format + "|" + s.AccessLogSettings?.DestinationArn, s.AutoDeploy,
        s.LastDeploymentStatusMessage, s.CreatedDate, s.LastUpdatedDate, Map(s.Tags), s.ApiGatewayManaged);

    public static string Describe(Gen.Stage s) => Line(s.StageName, s.Description, s.DeploymentId, s.ClientCertificateId,
        Route(s.DefaultRouteSettings), s.RouteSettings?.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + Route(p.Value)),
        Map(s.StageVariables), s.AccessLogSettings?.Format + "|" + s.AccessLogSettings?.DestinationArn, s.AutoDeploy,
        s.LastDeploymentStatusMessage, s.CreatedDate, s.LastUpdatedDate, Map(s.Tags), s.ApiGatewayManaged);

#if PEERS
    public static string Describe(NSwagPeer.Stage s) => Line(s.StageName, s.Description, s.DeploymentId, s.ClientCertificateId,
        Route(s.DefaultRouteSettings), s.RouteSettings?.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + Route(p.Value)),
        Map(s.StageVariables), s.AccessLogSettings?.Format + "|" + s.AccessLogSettings?.DestinationArn, s.AutoDeploy,
        s.LastDeploymentStatusMessage, s.CreatedDate, s.LastUpdatedDate, Map(s.Tags), s.ApiGatewayManaged);

    // Kiota keeps additionalProperties maps as untyped AdditionalData; the route settings come back as untyped nodes.
    public static string Describe(KiotaModels.Stage s) => Line(s.StageName, s.Description, s.DeploymentId, s.ClientCertificateId,
        Route(s.DefaultRouteSettings), s.RouteSettings?.AdditionalData.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + KiotaRoute(p.Value)),
        Map(s.StageVariables?.AdditionalData.ToDictionary(p => p.Key, p => KiotaString(p.Value))), s.AccessLogSettings?.Format + "|" + s.AccessLogSettings?.DestinationArn, s.AutoDeploy,
        s.LastDeploymentStatusMessage, s.CreatedDate, s.LastUpdatedDate, Map(s.Tags?.AdditionalData.ToDictionary(p => p.Key, p => KiotaString(p.Value))), s.ApiGatewayManaged);
#endif

    private static string Line(params object?[] parts) => string.Join(" ; ", parts.Select(p => p switch
    {
        null => "-",
        string text => text,
        DateTimeOffset date => date.ToString("O"),
        IEnumerable<string> items => string.Join(",", items),
        _ => Convert.ToString(p, System.Globalization.CultureInfo.InvariantCulture),
    }));

    private static string Map<T>(IEnumerable<KeyValuePair<string, T>>? map) =>
        map is null ? "-" : string.Join(",", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    private static string Route(Hand.RouteSettings? r) => r is null ? "-" : $"{r.DetailedMetricsEnabled}/{r.LoggingLevel?.ToString().ToUpperInvariant()}/{r.DataTraceEnabled}/{r.ThrottlingBurstLimit}/{r.ThrottlingRateLimit}";

    private static string Route(Gen.RouteSettings? r) => r is null ? "-" : $"{r.DetailedMetricsEnabled}/{r.LoggingLevel?.Value}/{r.DataTraceEnabled}/{r.ThrottlingBurstLimit}/{r.ThrottlingRateLimit}";

#if PEERS
    private static string Route(NSwagPeer.RouteSettings? r) => r is null ? "-" : $"{r.DetailedMetricsEnabled}/{r.LoggingLevel}/{r.DataTraceEnabled}/{r.ThrottlingBurstLimit}/{r.ThrottlingRateLimit}";

    private static string Route(KiotaModels.RouteSettings? r) => r is null ? "-" : $"{r.DetailedMetricsEnabled}/{r.LoggingLevel}/{r.DataTraceEnabled}/{r.ThrottlingBurstLimit}/{r.ThrottlingRateLimit}";

    private static string KiotaRoute(object value) => value switch
    {
        Microsoft.Kiota.Abstractions.Serialization.UntypedObject o => Describe(o),
        _ => value.ToString() ?? "-",
    };

    private static string Describe(Microsoft.Kiota.Abstractions.Serialization.UntypedObject o)
    {
        var v = o.GetValue();
        string Get(string name) => v.TryGetValue(name, out var node) ? node switch
        {
            Microsoft.Kiota.Abstractions.Serialization.UntypedBoolean b => b.GetValue().ToString(),
            Microsoft.Kiota.Abstractions.Serialization.UntypedString s => s.GetValue() ?? "",
            Microsoft.Kiota.Abstractions.Serialization.UntypedInteger i => i.GetValue().ToString(System.Globalization.CultureInfo.InvariantCulture),
            Microsoft.Kiota.Abstractions.Serialization.UntypedLong l => l.GetValue().ToString(System.Globalization.CultureInfo.InvariantCulture),
            Microsoft.Kiota.Abstractions.Serialization.UntypedDouble d => d.GetValue().ToString(System.Globalization.CultureInfo.InvariantCulture),
            Microsoft.Kiota.Abstractions.Serialization.UntypedDecimal m => ((double)m.GetValue()).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Microsoft.Kiota.Abstractions.Serialization.UntypedFloat f => ((double)f.GetValue()).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => node.ToString() ?? "",
        } : "";
        return $"{Get("detailedMetricsEnabled")}/{Get("loggingLevel")}/{Get("dataTraceEnabled")}/{Get("throttlingBurstLimit")}/{Get("throttlingRateLimit")}";
    }

    private static string KiotaString(object value) => value switch
    {
        Microsoft.Kiota.Abstractions.Serialization.UntypedString s => s.GetValue() ?? "",
        _ => value.ToString() ?? "",
    };
#endif

    private static Hand.RouteSettings FloorRoute((bool Metrics, string Level, bool Trace, int Burst, double Rate) r) => new()
    {
        DetailedMetricsEnabled = r.Metrics,
        LoggingLevel = r.Level switch { "ERROR" => Hand.LoggingLevel.Error, "INFO" => Hand.LoggingLevel.Info, _ => Hand.LoggingLevel.Off },
        DataTraceEnabled = r.Trace,
        ThrottlingBurstLimit = r.Burst,
        ThrottlingRateLimit = r.Rate,
    };

    private static Hand.UpdateStageInput BuildFloorBody() => new()
    {
        Description = Payloads.Description,
        DeploymentId = Payloads.DeploymentId,
        ClientCertificateId = Payloads.ClientCertificateId,
        DefaultRouteSettings = FloorRoute(Payloads.DefaultRoute),
        RouteSettings = Payloads.Routes.ToDictionary(r => r.Key, r => FloorRoute(r.Settings)),
        StageVariables = Payloads.StageVariables.ToDictionary(v => v.Key, v => v.Value),
        AccessLogSettings = new Hand.AccessLogSettings { Format = Payloads.AccessLogFormat, DestinationArn = Payloads.AccessLogDestination },
        AutoDeploy = false,
    };

    private static Gen.RouteSettings GenRoute((bool Metrics, string Level, bool Trace, int Burst, double Rate) r) => new()
    {
        DetailedMetricsEnabled = r.Metrics,
        LoggingLevel = new Gen.LoggingLevel(r.Level),
        DataTraceEnabled = r.Trace,
        ThrottlingBurstLimit = r.Burst,
        ThrottlingRateLimit = r.Rate,
    };

    private static Gen.UpdateStageInput BuildStageGenBody() => new()
    {
        Description = Payloads.Description,
        DeploymentId = Payloads.DeploymentId,
        ClientCertificateId = Payloads.ClientCertificateId,
        DefaultRouteSettings = GenRoute(Payloads.DefaultRoute),
        RouteSettings = Payloads.Routes.ToDictionary(r => r.Key, r => GenRoute(r.Settings)),
        StageVariables = Payloads.StageVariables.ToDictionary(v => v.Key, v => v.Value),
        AccessLogSettings = new Gen.AccessLogSettings { Format = Payloads.AccessLogFormat, DestinationArn = Payloads.AccessLogDestination },
        AutoDeploy = false,
    };

#if PEERS
    private static NSwagPeer.RouteSettings NSwagRoute((bool Metrics, string Level, bool Trace, int Burst, double Rate) r) => new()
    {
        DetailedMetricsEnabled = r.Metrics,
        LoggingLevel = Enum.Parse<NSwagPeer.LoggingLevel>(r.Level),
        DataTraceEnabled = r.Trace,
        ThrottlingBurstLimit = r.Burst,
        ThrottlingRateLimit = r.Rate,
    };

    private static NSwagPeer.UpdateStageInput BuildNSwagBody()
    {
        var routes = new NSwagPeer.RouteSettingsMap();
        foreach (var (key, settings) in Payloads.Routes)
        {
            routes[key] = NSwagRoute(settings);
        }

        var variables = new NSwagPeer.StageVariablesMap();
        foreach (var (key, value) in Payloads.StageVariables)
        {
            variables[key] = value;
        }

        return new NSwagPeer.UpdateStageInput
        {
            Description = Payloads.Description,
            DeploymentId = Payloads.DeploymentId,
            ClientCertificateId = Payloads.ClientCertificateId,
            DefaultRouteSettings = NSwagRoute(Payloads.DefaultRoute),
            RouteSettings = routes,
            StageVariables = variables,
            AccessLogSettings = new NSwagPeer.AccessLogSettings { Format = Payloads.AccessLogFormat, DestinationArn = Payloads.AccessLogDestination },
            AutoDeploy = false,
        };
    }

    private static KiotaModels.RouteSettings KiotaRoute((bool Metrics, string Level, bool Trace, int Burst, double Rate) r) => new()
    {
        DetailedMetricsEnabled = r.Metrics,
        LoggingLevel = Enum.Parse<KiotaModels.LoggingLevel>(r.Level, ignoreCase: true),
        DataTraceEnabled = r.Trace,
        ThrottlingBurstLimit = r.Burst,
        ThrottlingRateLimit = r.Rate,
    };

    private static KiotaModels.UpdateStageInput BuildKiotaBody()
    {
        var routes = new KiotaModels.RouteSettingsMap();
        foreach (var (key, settings) in Payloads.Routes)
        {
            routes.AdditionalData[key] = KiotaRoute(settings);
        }

        var variables = new KiotaModels.StageVariablesMap();
        foreach (var (key, value) in Payloads.StageVariables)
        {
            variables.AdditionalData[key] = value;
        }

        return new KiotaModels.UpdateStageInput
        {
            Description = Payloads.Description,
            DeploymentId = Payloads.DeploymentId,
            ClientCertificateId = Payloads.ClientCertificateId,
            DefaultRouteSettings = KiotaRoute(Payloads.DefaultRoute),
            RouteSettings = routes,
            StageVariables = variables,
            AccessLogSettings = new KiotaModels.AccessLogSettings { Format = Payloads.AccessLogFormat, DestinationArn = Payloads.AccessLogDestination },
            AutoDeploy = false,
        };
    }
#endif
}
