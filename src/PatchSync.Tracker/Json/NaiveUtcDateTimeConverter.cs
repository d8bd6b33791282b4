using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PatchSync.Tracker.Json;

/// <summary>
/// Patchwork writes naive ISO dates (<c>2023-12-19T00:24:48</c>, sometimes with microseconds) that are
/// UTC. Reads them as <see cref="DateTimeKind.Utc"/>; an explicit offset or Z is honoured and converted.
/// Writes the same naive form.
/// </summary>
internal sealed class NaiveUtcDateTimeConverter : JsonConverter<DateTime>
{
    public const string WireFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFF";

    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value))
        {
            throw new JsonException($"'{text}' is not an ISO 8601 date");
        }

        return DateTime.SpecifyKind(value, DateTimeKind.Utc);
    }

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    /// <summary>The naive UTC form Patchwork uses, also for <c>since</c>/<c>before</c>.</summary>
    public static string Format(DateTime value) =>
        (value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value).ToString(WireFormat, CultureInfo.InvariantCulture);
}
