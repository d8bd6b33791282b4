using Microsoft.Extensions.Logging;
using PatchSync.Core.Diagnostics;

namespace PatchSync.Tracker.Http;

/// <summary>
/// Innermost handler, run once per attempt: counts requests, times the exchange including the body
/// download (<c>tracker.http</c>), buffers the body so a connection reset mid-body is retried like any
/// other transport failure, and rejects a successful answer that is not JSON.
/// </summary>
internal sealed class MeasuringHandler(PhaseTimings timings, ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        timings.Count(TrackerDefaults.RequestsCounter);
        HttpResponseMessage response;
        using (timings.Measure(TrackerDefaults.HttpPhase))
        {
            response = await base.SendAsync(request, cancellationToken);
            try
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }

        if (logger.IsEnabled(LogLevel.Debug))
        {
            // Guarded: the arguments (the redacted URL, the boxed status) would be built on every request otherwise.
            logger.LogDebug("{Method} {Url} -> {Status}", request.Method, TrackerUrls.Redact(request.RequestUri), (int)response.StatusCode);
        }
        if (response.IsSuccessStatusCode && response.Content.Headers.ContentLength != 0)
        {
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (mediaType is null || !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
            {
                var url = TrackerUrls.Redact(request.RequestUri);
                response.Dispose();
                throw new TrackerProtocolException(
                    $"{url} answered {mediaType ?? "no content type"} instead of JSON (is this a Patchwork API URL?)")
                {
                    Url = url,
                    StatusCode = (int)response.StatusCode,
                };
            }
        }

        return response;
    }
}
