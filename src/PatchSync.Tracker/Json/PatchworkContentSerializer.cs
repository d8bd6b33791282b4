using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using PatchSync.Core.Diagnostics;
using Refit;

namespace PatchSync.Tracker.Json;

/// <summary>
/// Refit serializer over the source-generated context. Times parsing as <c>tracker.json</c> (the body is
/// already buffered by <see cref="Http.MeasuringHandler"/>, so this is parse time only) and turns a parse
/// failure into <see cref="JsonPayloadException"/> carrying the byte position.
/// </summary>
internal sealed class PatchworkContentSerializer(PhaseTimings timings) : IHttpContentSerializer
{
    public static JsonSerializerOptions Options { get; } = PatchworkJsonContext.Default.Options;

    /// <summary>
    /// Serialises the body up front so the request carries a <c>Content-Length</c>. A streamed body
    /// (<c>JsonContent</c>) goes out with <c>Transfer-Encoding: chunked</c>, which Patchwork behind a WSGI
    /// server reads as an EMPTY body: it answers 200 and changes nothing (captured, fixture 58).
    /// </summary>
    public HttpContent ToHttpContent<T>(T item)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(item, Options.GetTypeInfo(typeof(T))));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public async Task<T?> FromHttpContentAsync<T>(HttpContent content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var bytes = await content.ReadAsByteArrayAsync(cancellationToken);
        using var scope = timings.Measure(TrackerDefaults.JsonPhase);
        try
        {
            return (T?)JsonSerializer.Deserialize(bytes, Options.GetTypeInfo(typeof(T)));
        }
        catch (JsonException ex)
        {
            throw new JsonPayloadException(ex, bytes);
        }
    }

    public string? GetFieldNameForProperty(PropertyInfo propertyInfo)
    {
        ArgumentNullException.ThrowIfNull(propertyInfo);
        return propertyInfo.GetCustomAttribute<JsonPropertyNameAttribute>(true)?.Name;
    }
}
