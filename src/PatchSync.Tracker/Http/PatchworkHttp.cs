using PatchSync.Core.Diagnostics;
using PatchSync.Tracker.Json;
using Refit;

namespace PatchSync.Tracker.Http;

/// <summary>HttpClient and Refit settings shared by the factory and the DI wiring.</summary>
internal static class PatchworkHttp
{
    public static void Configure(HttpClient http, PatchworkClientOptions options)
    {
        http.BaseAddress = ApiBase(options.BaseUrl);
        http.Timeout = Timeout.InfiniteTimeSpan; // per-attempt timeouts come from the resilience pipeline
        http.DefaultRequestHeaders.UserAgent.Clear();
        http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
    }

    public static RefitSettings RefitSettings(PhaseTimings timings) => new(new PatchworkContentSerializer(timings));

    /// <summary>
    /// Refit appends route templates (which start with <c>/api/</c>) to the base address path, so a site
    /// under a prefix (<c>https://host/patchwork/</c>) must be given without its trailing slash.
    /// </summary>
    internal static Uri ApiBase(Uri baseUrl)
    {
        var text = baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new Uri(text.Length == 0 ? baseUrl.GetLeftPart(UriPartial.Authority) : text);
    }
}
