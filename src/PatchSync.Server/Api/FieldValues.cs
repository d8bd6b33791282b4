using System.Text.Json;

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

    /// <summary>
    /// A boolean field as DRF 3.14's BooleanField reads it: true, false, one of its exact strings
    /// (<c>t</c>, <c>y</c>, <c>yes</c>, <c>true</c>, <c>on</c>, <c>1</c> in the listed cases, and the
    /// false ones) or the number 1 or 0; null for anything else (JSON null and the null strings too,
    /// see <see cref="IsBooleanNull"/>).
    /// </summary>
    public static bool? Boolean(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => value.GetString() switch
        {
            "t" or "T" or "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON" or "1" => true,
            "f" or "F" or "n" or "N" or "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF" or "0" => false,
            _ => null,
        },
        // Python compares numbers by value: 1, 1.0 and 1e0 are in DRF's true set, 0 and 0.0 in its false one.
        JsonValueKind.Number when value.TryGetDouble(out var number) => number == 1 ? true : number == 0 ? false : null,
        _ => null,
    };

    /// <summary>
    /// Whether DRF's BooleanField reads <paramref name="value"/> as null when the field allows null:
    /// JSON null, <c>""</c>, <c>"null"</c>, <c>"Null"</c> or <c>"NULL"</c>.
    /// </summary>
    public static bool IsBooleanNull(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null || (value.ValueKind == JsonValueKind.String && value.GetString() is "" or "null" or "Null" or "NULL");

    /// <summary>DRF's message for a required field that is missing (a PUT without it).</summary>
    public const string Required = "This field is required.";

    /// <summary>DRF's message for null (or, on a related field, <c>""</c>) where a field does not allow it.</summary>
    public const string NotNull = "This field may not be null.";

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
