using StageGen.Generator.Model;

namespace StageGen.Generator.Emit;

/// <summary>
/// <c>services.Add{Name}Client(...)</c> when the project references Microsoft.Extensions.Http: a typed client whose
/// <c>IHttpClientBuilder</c> takes resilience handlers (retries, 429 handling) instead of hand-written loops.
/// </summary>
internal static class DependencyInjectionEmitter
{
    private const string DependencyInjection = "global::Microsoft.Extensions.DependencyInjection";

    public static bool Emit(ClientModel model, SourceWriter writer)
    {
        writer.RawSummary($"Registers <see cref=\"{model.InterfaceName}\"/> with dependency injection.");
        writer.Line(SourceFiles.GeneratedCode);
        using (writer.Block($"public static partial class {model.ClassName}ServiceCollectionExtensions"))
        {
            var configureOptions = $"global::System.Action<{model.OptionsClassName}>? configureOptions = null";
            if (model.Server is { } server)
            {
                writer.RawSummary($"Adds <see cref=\"{model.InterfaceName}\"/> as a typed HttpClient that calls the spec's server, <c>{server.Url}</c>.");
                Docs.Security(model, writer);
                writer.Doc("param", "The service collection.", "services");
                writer.Doc("param", "Sets the server's variables, credentials, validation and size limits.", "configureOptions");
                writer.Doc("returns", "The builder, to add handlers such as AddStandardResilienceHandler().");
                using (writer.Block($"public static {DependencyInjection}.IHttpClientBuilder Add{model.ClassName}(this {DependencyInjection}.IServiceCollection services, {configureOptions})"))
                {
                    writer.Line($"return Add{model.ClassName}(services, static _ => {{ }}, configureOptions);");
                }

                writer.Line();
            }

            writer.RawSummary($"Adds <see cref=\"{model.InterfaceName}\"/> as a typed HttpClient.");
            Docs.Security(model, writer);
            writer.Doc("param", "The service collection.", "services");
            writer.Doc("param", model.Server is null
                ? "Sets up the HttpClient; set BaseAddress to the service's root URL here."
                : "Sets up the HttpClient; a BaseAddress set here is used instead of the spec's server.", "configureClient");
            writer.Doc("param", model.Server is null ? "Sets credentials, validation and size limits." : "Sets the server's variables, credentials, validation and size limits.", "configureOptions");
            writer.Doc("returns", "The builder, to add handlers such as AddStandardResilienceHandler().");
            using (writer.Block($"public static {DependencyInjection}.IHttpClientBuilder Add{model.ClassName}(this {DependencyInjection}.IServiceCollection services, global::System.Action<global::System.Net.Http.HttpClient> configureClient, {configureOptions})"))
            {
                writer.Line("global::System.ArgumentNullException.ThrowIfNull(services);");
                writer.Line("global::System.ArgumentNullException.ThrowIfNull(configureClient);");
                // Named by the full type name, so two specs with the same ClientName in different namespaces get two
                // HttpClients; each client gets its own options instance.
                writer.Line($"var builder = {DependencyInjection}.HttpClientFactoryServiceCollectionExtensions.AddHttpClient<{model.InterfaceName}, {model.ClassName}>(");
                writer.Line("    services,");
                writer.Line($"    typeof({model.InterfaceName}).FullName!,");
                writer.Line("    (httpClient, _) =>");
                writer.Line("    {");
                writer.Line($"        var options = new {model.OptionsClassName}();");
                writer.Line("        configureOptions?.Invoke(options);");
                writer.Line($"        return new {model.ClassName}(httpClient, options);");
                writer.Line("    });");
                // Post-configured rather than ConfigurePrimaryHttpMessageHandler: a handler the application sets up
                // (ConfigurePrimaryHttpMessageHandler after this call, ConfigureHttpClientDefaults) keeps its proxy and
                // certificates and loses only its redirects.
                writer.Line("// API clients do not follow redirects: one would re-send the request, its body and credentials, to wherever");
                writer.Line("// Location points. Applied last, to whichever primary handler the application configured.");
                writer.Line($"{DependencyInjection}.OptionsServiceCollectionExtensions.PostConfigure<global::Microsoft.Extensions.Http.HttpClientFactoryOptions>(");
                writer.Line("    services,");
                writer.Line("    builder.Name,");
                writer.Line($"    options => options.HttpMessageHandlerBuilderActions.Add(handlers => {CSharp.Runtime}.ApiHttpClient.DisableRedirects(handlers.PrimaryHandler)));");
                writer.Line($"return {DependencyInjection}.HttpClientBuilderExtensions.ConfigureHttpClient(builder, configureClient);");
            }
        }

        return true;
    }
}
