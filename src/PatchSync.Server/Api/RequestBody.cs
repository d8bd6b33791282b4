using System.Text.Json;
using PatchSync.Server.Hosting;

namespace PatchSync.Server.Api;

/// <summary>
/// Reads a write request's fields from JSON, or from a form (as DRF accepts both); form values arrive
/// as JSON strings. Null when the JSON is malformed or not an object. With the Patchwork quirks on, a
/// body sent chunked without Content-Length is read as no fields at all, as Patchwork's WSGI server
/// reads it (only Content-Length bytes): a PATCH then answers 200 with the patch unchanged (fixture 58).
/// </summary>
public static class RequestBody
{
    public static async Task<Dictionary<string, JsonElement>?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (request.ContentLength is null && IsChunked(request) && PatchworkQuirks.Of(request.HttpContext).ReadsChunkedBodyAsEmpty)
        {
            return fields;
        }

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

    private static bool IsChunked(HttpRequest request) =>
        request.Headers.TransferEncoding.Any(v => v is not null && v.Contains("chunked", StringComparison.OrdinalIgnoreCase));
}
