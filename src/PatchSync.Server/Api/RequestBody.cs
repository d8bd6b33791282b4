using System.Text.Json;

namespace PatchSync.Server.Api;

/// <summary>
/// Reads a write request's fields from JSON, or from a form (as DRF accepts both); form values arrive
/// as JSON strings. Null when the JSON is malformed or not an object.
/// </summary>
public static class RequestBody
{
    public static async Task<Dictionary<string, JsonElement>?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            foreach (var (key, value) in form)
            {
                fields[key] = JsonSerializer.SerializeToElement(value.ToString());
            }

            return fields;
        }

        if (request.ContentLength == 0)
        {
            return fields;
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                fields[property.Name] = property.Value.Clone();
            }

            return fields;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
