using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PatchSync.Core.Diagnostics;
using PatchSync.Tracker.Api;
using PatchSync.Tracker.Http;
using PatchSync.Tracker.Json;
using Polly;
using Refit;

namespace PatchSync.Tracker;

/// <summary>Builds a ready <see cref="PatchworkClient"/>, one per tracker: the only way to make one.</summary>
public static class PatchworkClientFactory
{
    /// <summary>
    /// Creates a client. <paramref name="inner"/> replaces the socket handler (tests, custom TLS); the
    /// client owns its HttpClient, so dispose it.
    /// </summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public static PatchworkClient Create(PatchworkClientOptions o, ILoggerFactory? lf = null, HttpMessageHandler? inner = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        var options = o.Clone();
        options.Validate();
        lf ??= NullLoggerFactory.Instance;
        var logger = lf.CreateLogger<PatchworkClient>();
        var timings = new PhaseTimings();

        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>();
        PatchworkResilience.Configure(pipeline, options, timings, logger);
#pragma warning disable CA2000 // The handlers are owned by the HttpClient, which the client disposes.
        var handler = new ResilienceHandler(pipeline.Build())
        {
            InnerHandler = new TokenAuthHandler(options.Token)
            {
                InnerHandler = new MeasuringHandler(timings, logger) { InnerHandler = inner ?? CreateSocketHandler() },
            },
        };
#pragma warning restore CA2000
        var http = new HttpClient(handler, disposeHandler: true);
        PatchworkHttp.Configure(http, options);
        var api = RestService.For<IPatchworkApi>(http, PatchworkHttp.RefitSettings(timings));
        return new PatchworkClient(api, options, timings, logger, http);
    }

    internal static SocketsHttpHandler CreateSocketHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
        ConnectTimeout = TimeSpan.FromSeconds(15),
    };
}
