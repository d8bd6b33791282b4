using System.Net;
using System.Security.Authentication;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using PatchSync.Core.Diagnostics;
using Polly;
using Polly.Timeout;

namespace PatchSync.Tracker.Http;

/// <summary>
/// The resilience pipeline around every attempt: retry (jittered exponential backoff honouring
/// <c>Retry-After</c>), circuit breaker, per-attempt timeout. <see cref="PatchworkClientFactory"/> puts it first in
/// the handler chain.
/// </summary>
internal static class PatchworkResilience
{
    public static void Configure(
        ResiliencePipelineBuilder<HttpResponseMessage> builder,
        PatchworkClientOptions options,
        PhaseTimings timings,
        ILogger logger)
    {
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                // Retry-After is read here rather than by Polly so it is capped like any other delay.
                ShouldRetryAfterHeader = false,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.RetryMaxDelay)),
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Context.GetRequestMessage()?.Method, args.Outcome)),
                OnRetry = args =>
                {
                    timings.Count(TrackerDefaults.RetriesCounter);
                    var request = args.Context.GetRequestMessage();
                    logger.LogWarning(
                        "retry {Attempt} of {Method} {Url} in {Delay} ms: {Reason}",
                        args.AttemptNumber + 1,
                        request?.Method,
                        TrackerUrls.Redact(request?.RequestUri),
                        (long)args.RetryDelay.TotalMilliseconds,
                        args.Outcome.Exception?.GetType().Name ?? ((int?)args.Outcome.Result?.StatusCode)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    return default;
                },
            });
        }

        builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = options.CircuitFailureRatio,
            MinimumThroughput = Math.Max(2, options.CircuitMinimumThroughput),
            BreakDuration = options.CircuitBreakDuration < TimeSpan.FromMilliseconds(500) ? TimeSpan.FromMilliseconds(500) : options.CircuitBreakDuration,
            SamplingDuration = TimeSpan.FromSeconds(30),
        });
        builder.AddTimeout(options.RequestTimeout);
    }

    /// <summary>The server's <c>Retry-After</c> (seconds or a date), at most <paramref name="max"/>; null when absent.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan max)
    {
        var header = response?.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } at ? at - DateTimeOffset.UtcNow : null);
        if (delay is not { } wait)
        {
            return null;
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > max ? max : wait;
    }

    /// <summary>
    /// GET (and HEAD) are retried on 408, 429, 5xx and transport failures. PATCH is retried on 5xx and
    /// transport failures only: pwsync's PATCHes set absolute values, so repeating one is harmless, but a
    /// 4xx means the server understood and refused it. Anything else (POST) is never retried.
    /// </summary>
    internal static bool ShouldRetry(HttpMethod? method, Outcome<HttpResponseMessage> outcome)
    {
        var isRead = method == HttpMethod.Get || method == HttpMethod.Head;
        var isIdempotentWrite = method == HttpMethod.Patch;
        if (!isRead && !isIdempotentWrite)
        {
            return false;
        }

        if (outcome.Exception is not null)
        {
            return IsTransient(outcome.Exception);
        }

        return IsRetriedStatus(method, (int?)outcome.Result?.StatusCode ?? 0);
    }

    /// <summary>Whether an answer with <paramref name="status"/> to <paramref name="method"/> is retried.</summary>
    internal static bool IsRetriedStatus(HttpMethod? method, int status)
    {
        var isRead = method == HttpMethod.Get || method == HttpMethod.Head;
        if (!isRead && method != HttpMethod.Patch)
        {
            return false;
        }

        return status >= 500
            || (isRead && (status == (int)HttpStatusCode.RequestTimeout || status == (int)HttpStatusCode.TooManyRequests));
    }

    private static bool IsTransient(Exception exception) => exception switch
    {
        // A TLS failure will fail the same way next time.
        HttpRequestException { InnerException: AuthenticationException } => false,
        HttpRequestException => true,
        TimeoutRejectedException => true,
        IOException => true,
        _ => false,
    };
}
