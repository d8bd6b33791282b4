using System.Text.Json;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Api;

/// <summary>Reads the values of a write request's fields (<see cref="RequestBody"/>) as DRF's fields do.</summary>
internal static class FieldValues
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

    /// <summary>DRF's message for a text value holding a NUL character.</summary>
    public const string NullCharacters = "Null characters are not allowed.";

    /// <summary>
    /// DRF's CharField checks for a model column of <paramref name="maxLength"/> characters: the
    /// message of a refused value, or null when it may be stored. DRF takes strings and numbers
    /// (as their text) and null; a boolean, object or array is "Not a valid string.". The length is
    /// counted in characters (code points), as Python counts. A NUL character is refused.
    /// </summary>
    public static string? CharFieldError(JsonElement value, int maxLength)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Object or JsonValueKind.Array)
        {
            return "Not a valid string.";
        }

        var text = Text(value);
        if (text is not null && text.Length > maxLength && text.EnumerateRunes().Count() > maxLength)
        {
            return $"Ensure this field has no more than {maxLength} characters.";
        }

        // DRF refuses a NUL in every CharField (PostgreSQL text cannot hold one).
        if (text is not null && text.Contains('\0', StringComparison.Ordinal))
        {
            return NullCharacters;
        }

        return null;
    }
}
