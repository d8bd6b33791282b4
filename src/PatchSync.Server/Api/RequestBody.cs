using System.Text.Json;
using System.Text.Unicode;
using PatchSync.Server.Hosting;

namespace PatchSync.Server.Api;

/// <summary>
/// Reads a write request's fields from JSON, or from a form (as DRF accepts both); form values arrive
/// as JSON strings. Null when the body cannot be parsed: malformed JSON, JSON that is not an object,
/// bytes that are not UTF-8 (DRF decodes the body as UTF-8 before parsing it) or a malformed form.
/// The handler answers that with <see cref="ParseErrorAsync"/>. With the Patchwork quirks on, a
/// body sent chunked without Content-Length is read as no fields at all, as Patchwork's WSGI server
/// reads it (only Content-Length bytes): a PATCH then answers 200 with the patch unchanged (fixture 58).
/// A body over Kestrel's size limit throws <see cref="BadHttpRequestException"/>, which
/// <see cref="ClientErrorMiddleware"/> answers.
/// </summary>
internal static class RequestBody
{
    public const string JsonParseError = "JSON parse error.";

    /// <summary>The request's fields by name, or null when the body cannot be parsed (see the type's summary).</summary>
    /// <param name="request">The write request.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    /// <param name="listFields">
    /// Fields DRF reads from a form as lists (a many-related field takes every value of a repeated key,
    /// as git-pw sends <c>patches=1&amp;patches=2</c>): from a form they arrive as a JSON array of
    /// strings. Every other form field keeps its last value.
    /// </param>
    public static async Task<Dictionary<string, JsonElement>?> ReadAsync(HttpRequest request, CancellationToken cancellationToken, IReadOnlySet<string>? listFields = null)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (request.ContentLength is null && IsChunked(request) && PatchworkQuirks.Of(request.HttpContext).ReadsChunkedBodyAsEmpty)
        {
            return fields;
        }

        if (request.HasFormContentType)
        {
            return await ReadFormAsync(request, fields, listFields, cancellationToken);
        }

        if (request.ContentLength == 0)
        {
            return fields;
        }

        // Buffered whole (Kestrel's MaxRequestBodySize bounds it) so the bytes can be checked as
        // UTF-8 first: System.Text.Json parses invalid UTF-8 inside strings and throws only later,
        // when a string is read, which would be a 500.
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.IsEmpty)
        {
            return fields;
        }

        if (!Utf8.IsValid(bytes.Span))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !AllStringsReadable(document.RootElement))
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

    /// <summary>400 <c>{"detail": "JSON parse error."}</c>, DRF's ParseError for a body it cannot read.</summary>
    public static Task ParseErrorAsync(ApiContext api) =>
        ApiResponses.DetailAsync(api, StatusCodes.Status400BadRequest, JsonParseError);

    private static async Task<Dictionary<string, JsonElement>?> ReadFormAsync(
        HttpRequest request, Dictionary<string, JsonElement> fields, IReadOnlySet<string>? listFields, CancellationToken cancellationToken)
    {
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // A malformed multipart body (IOException: it ends before its first boundary), or one over the
            // form's count and length limits.
            return null;
        }

        // A repeated single-valued field keeps its last value, as a Django QueryDict hands it to DRF
        // (`data[key]`), never the values joined with commas. JSON does the same: a repeated key keeps
        // the last value (Python's json module and the loop above agree).
        foreach (var (key, value) in form)
        {
            fields[key] = listFields?.Contains(key) == true
                ? JsonSerializer.SerializeToElement(value.Select(v => v ?? "").ToArray())
                : JsonSerializer.SerializeToElement(value.Count == 0 ? "" : value[^1] ?? "");
        }

        return fields;
    }

    /// <summary>
    /// False when a string or property name escapes a lone surrogate (<c>"\ud800"</c>): valid JSON
    /// text, but reading it as a .NET string throws, so the handlers would fail with a 500.
    /// </summary>
    private static bool AllStringsReadable(JsonElement element)
    {
        try
        {
            return Walk(element);
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        static bool Walk(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    _ = element.GetString();
                    return true;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        if (!Walk(property.Value))
                        {
                            return false;
                        }
                    }

                    return true;
                case JsonValueKind.Array:
                    return element.EnumerateArray().All(Walk);
                default:
                    return true;
            }
        }
    }

    private static bool IsChunked(HttpRequest request) =>
        request.Headers.TransferEncoding.Any(v => v is not null && v.Contains("chunked", StringComparison.OrdinalIgnoreCase));
}
