using System.Buffers;
using System.Diagnostics;
using System.Text.Json;

namespace PatchSync.Server.Api;

/// <summary>Writes JSON bodies (timed as "serialize") and Patchwork's error shapes.</summary>
internal static class ApiResponses
{
    public const string NotFound = "Not found.";
    public const string NoCredentials = "Authentication credentials were not provided.";
    public const string InvalidToken = "Invalid token.";
    public const string NoPermission = "You do not have permission to perform this action.";
    public const string InvalidPage = "Invalid page.";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(ApiContext api, int status, Action<Utf8JsonWriter> write)
    {
        var start = Stopwatch.GetTimestamp();
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        api.Timings.AddSerialize(start);
        var response = api.Http.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, api.Http.RequestAborted);
    }

    public static Task DetailAsync(ApiContext api, int status, string detail) =>
        WriteAsync(api, status, w =>
        {
            w.WriteStartObject();
            w.WriteString("detail", detail);
            w.WriteEndObject();
        });

    /// <summary>404 <c>{"detail": "Not found."}</c>, for an object that does not exist.</summary>
    public static Task NotFoundAsync(ApiContext api) => DetailAsync(api, StatusCodes.Status404NotFound, NotFound);

    /// <summary>400 with DRF's field error shape: <c>{"field": ["message"]}</c>.</summary>
    public static Task FieldErrorAsync(ApiContext api, string field, string message) =>
        WriteAsync(api, StatusCodes.Status400BadRequest, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray(field);
            w.WriteStringValue(message);
            w.WriteEndArray();
            w.WriteEndObject();
        });

    /// <summary>400 with DRF's shape for several fields at once: <c>{"name": ["…"], "patches": ["…"]}</c>, in the order given.</summary>
    public static Task FieldErrorsAsync(ApiContext api, IReadOnlyList<(string Field, string Message)> errors) =>
        WriteAsync(api, StatusCodes.Status400BadRequest, w =>
        {
            w.WriteStartObject();
            foreach (var (field, message) in errors)
            {
                w.WriteStartArray(field);
                w.WriteStringValue(message);
                w.WriteEndArray();
            }

            w.WriteEndObject();
        });

    public static Task MethodNotAllowedAsync(ApiContext api) =>
        DetailAsync(api, StatusCodes.Status405MethodNotAllowed, $"Method \"{api.Http.Request.Method}\" not allowed.");
}
