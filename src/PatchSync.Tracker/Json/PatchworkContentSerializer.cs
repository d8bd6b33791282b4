using System.Net.Http.Json;
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

    public HttpContent ToHttpContent<T>(T item) =>
        JsonContent.Create(item, Options.GetTypeInfo(typeof(T)), new System.Net.Http.Headers.MediaTypeHeaderValue("application/json"));

    public async Task<T?> FromHttpContentAsync<T>(HttpContent content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var bytes = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
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
