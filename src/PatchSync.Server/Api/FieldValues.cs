using System.Text.Json;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Api;

/// <summary>Reads the values of a write request's fields (<see cref="RequestBody"/>) as DRF's fields do.</summary>
public static class FieldValues
{
    /// <summary>A text field: a string as sent, any other value as its JSON text; null for JSON null.</summary>
    public static string? Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? null : value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString();

    /// <summary>The named text field, or null when it is absent or null.</summary>
    public static string? Text(IReadOnlyDictionary<string, JsonElement> fields, string name) =>
        fields.TryGetValue(name, out var value) ? Text(value) : null;

    /// <summary>A boolean field: true, false, or a string Django reads as one; null for anything else (JSON null too).</summary>
    public static bool? Boolean(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => FilterResolver.ParseBoolean(value.GetString()!),
        _ => null,
    };
}
