using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PatchSync.Core.Diagnostics;
using PatchSync.Tracker.Api;
using PatchSync.Tracker.Http;
using Refit;

namespace PatchSync.Tracker;

/// <summary>Registers one tracker client in a service collection (Refit typed client + resilience handler).</summary>
public static class PatchworkServiceCollectionExtensions
{
    /// <summary>The name of the HttpClient registered for the tracker.</summary>
    public const string HttpClientName = "patchwork";

    /// <summary>
    /// Adds <see cref="IPatchworkClient"/> (singleton) for one tracker. The HTTP chain is: resilience
    /// (retry, circuit breaker, per-attempt timeout) → token auth → measuring/buffering → sockets.
    /// Returns the <see cref="IHttpClientBuilder"/> for further configuration (e.g. a primary handler).
    /// For several trackers use <see cref="PatchworkClientFactory.Create"/> once per tracker.
    /// </summary>
    public static IHttpClientBuilder AddPatchworkClient(this IServiceCollection services, PatchworkClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Clone();
        settings.Validate();
        var timings = new PhaseTimings();

        // The Refit client is created over the factory's HttpClient with RestService (the source-generated
        // implementation); AddRefitClient would need Refit's reflection builder.
        var builder = services
            .AddHttpClient(HttpClientName)
            .ConfigureHttpClient(http => PatchworkHttp.Configure(http, settings))
            .AddTypedClient(http => RestService.For<IPatchworkApi>(http, PatchworkHttp.RefitSettings(timings)));
        builder.AddResilienceHandler("patchwork", (pipeline, context) =>
            PatchworkResilience.Configure(pipeline, settings, timings, Logger(context.ServiceProvider)));
        builder.AddHttpMessageHandler(() => new TokenAuthHandler(settings.Token));
        builder.AddHttpMessageHandler(sp => new MeasuringHandler(timings, Logger(sp)));
        builder.ConfigurePrimaryHttpMessageHandler(PatchworkClientFactory.CreateSocketHandler);
        builder.RedactLoggedHeaders(["Authorization"]); // the factory's own request logging must not show the token

        services.AddSingleton<IPatchworkClient>(sp =>
            new PatchworkClient(sp.GetRequiredService<IPatchworkApi>(), settings, timings, Logger(sp), owned: null));
        return builder;
    }

    private static ILogger Logger(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger<PatchworkClient>() ?? NullLogger<PatchworkClient>.Instance;
}
