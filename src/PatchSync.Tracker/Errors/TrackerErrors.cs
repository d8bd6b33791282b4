using System.Net;
using System.Security.Authentication;
using System.Text.Json;
using PatchSync.Tracker.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;

namespace PatchSync.Tracker;

/// <summary>Turns HTTP outcomes into the typed, one-line <see cref="TrackerException"/>s.</summary>
internal static class TrackerErrors
{
    public static TrackerException FromResponse(IApiResponse response, int retries)
    {
        var url = TrackerUrls.Redact(response.RequestMessage?.RequestUri);
        var status = (int)(response.StatusCode ?? 0);
        var body = (response.Error as ApiException)?.Content;
        var fields = ParseErrorBody(body);
        fields.TryGetValue("detail", out var details);
        var detail = details is { Count: > 0 } ? string.Join(" ", details) : null;

        switch (response.StatusCode ?? 0)
        {
            case HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized:
                var failure = AuthFailureOf(detail);
                var what = failure switch
                {
                    TrackerAuthFailure.MissingToken => "a token is needed (set the tracker's token)",
                    TrackerAuthFailure.InvalidToken => "the token was rejected",
                    _ => "the token's user is not allowed to do this (not a maintainer of the project?)",
                };
                return new TrackerAuthException($"{status} from {url}: {what}{Quote(detail)}", failure) { Url = url, StatusCode = status };
            case HttpStatusCode.NotFound:
                return new TrackerNotFoundException($"not found: {url}{Quote(detail)}") { Url = url, StatusCode = status };
            case HttpStatusCode.BadRequest:
                var message = fields.Count == 0
                    ? OneLine(body) ?? "bad request"
                    : string.Join("; ", fields.Select(f => f.Key == "detail" ? string.Join(" ", f.Value) : $"{f.Key}: {string.Join(" ", f.Value)}"));
                return new TrackerBadRequestException($"tracker refused the request to {url}: {message}")
                {
                    Url = url,
                    StatusCode = status,
                    Errors = fields,
                };
            case HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout:
            case >= HttpStatusCode.InternalServerError:
                var host = response.RequestMessage?.RequestUri?.Host;
                var after = retries > 0 ? $" after {retries} retries" : "";
                return new TrackerUnavailableException($"{host} answered {status} {response.ReasonPhrase} for {url}{after}")
                {
                    Url = url,
                    StatusCode = status,
                    Host = host,
                };
            default:
                return new TrackerException($"{status} {response.ReasonPhrase} from {url}{Quote(detail ?? OneLine(body))}") { Url = url, StatusCode = status };
        }
    }

    /// <summary>Maps a transport or pipeline exception; returns null when it is not ours to map (cancellation).</summary>
    public static TrackerException? FromException(Exception exception, Uri requestUri, PatchworkClientOptions options)
    {
        var host = requestUri.Host;
        var url = TrackerUrls.Redact(requestUri);
        return exception switch
        {
            TrackerException tracker => tracker,
            ApiExceptionBase { InnerException: { } inner } => FromException(inner, requestUri, options),
            JsonPayloadException json => Protocol(json, url),
            BrokenCircuitException => new TrackerUnavailableException(
                $"{host} failed repeatedly; not sending more requests for {options.CircuitBreakDuration.TotalSeconds:0} s (circuit open)", exception)
            { Host = host, Url = url },
            TimeoutRejectedException => new TrackerUnavailableException(
                $"{host} did not answer {url} within {options.RequestTimeout.TotalSeconds:0.###} s ({options.MaxRetries + 1} attempts)", exception)
            { Host = host, Url = url },
            HttpRequestException { InnerException: AuthenticationException tls } => new TrackerUnavailableException(
                $"TLS handshake with {host} failed: {OneLine(tls.Message)}", exception)
            { Host = host, Url = url },
            HttpRequestException http => new TrackerUnavailableException(
                $"cannot reach {host} ({OneLine(http.Message)}) after {options.MaxRetries + 1} attempts", exception)
            { Host = host, Url = url },
            IOException io => new TrackerUnavailableException($"connection to {host} failed: {OneLine(io.Message)}", exception) { Host = host, Url = url },
            _ => null,
        };
    }

    public static TrackerProtocolException Protocol(JsonPayloadException json, string url) =>
        new($"malformed JSON from {url} at byte {json.BytePosition} of {json.BodyLength}: {OneLine(json.Reason)}", json)
        {
            Url = url,
            BytePosition = json.BytePosition,
        };

    internal static TrackerAuthFailure AuthFailureOf(string? detail)
    {
        if (detail is null)
        {
            return TrackerAuthFailure.NotPermitted;
        }

        if (detail.Contains("not provided", StringComparison.OrdinalIgnoreCase))
        {
            return TrackerAuthFailure.MissingToken;
        }

        return detail.Contains("invalid token", StringComparison.OrdinalIgnoreCase)
            || detail.Contains("invalid username", StringComparison.OrdinalIgnoreCase)
            || detail.Contains("token", StringComparison.OrdinalIgnoreCase) && detail.Contains("invalid", StringComparison.OrdinalIgnoreCase)
            ? TrackerAuthFailure.InvalidToken
            : TrackerAuthFailure.NotPermitted;
    }

    /// <summary>DRF errors: <c>{"detail": "…"}</c> or <c>{"field": ["…", …]}</c>.</summary>
    internal static Dictionary<string, IReadOnlyList<string>> ParseErrorBody(string? body)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(body))
        {
            return result;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return result;
            }

            foreach (var property in doc.RootElement.EnumerateObject())
            {
                result[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => [property.Value.GetString()!],
                    JsonValueKind.Array => property.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToList(),
                    _ => [property.Value.GetRawText()],
                };
            }
        }
        catch (JsonException)
        {
            // Not JSON (an HTML error page from a proxy): the caller falls back to the status line.
        }

        return result;
    }

    private static string Quote(string? detail) => string.IsNullOrEmpty(detail) ? "" : $" (server: \"{OneLine(detail)}\")";

    private static string? OneLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var flat = string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return flat.Length > 300 ? flat[..300] + "…" : flat;
    }
}
