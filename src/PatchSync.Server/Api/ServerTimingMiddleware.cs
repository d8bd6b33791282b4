using System.Diagnostics;
using System.Globalization;
using PatchSync.Server.Data.Paging;

namespace PatchSync.Server.Api;

/// <summary>
/// Adds <c>Server-Timing: db;dur=…, count;dur=…, serialize;dur=…, total;dur=…</c> to every response,
/// so a slow request shows where its time went; and turns routing's bare 405 into Patchwork's body.
/// </summary>
internal sealed class ServerTimingMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        var timings = new QueryTimings();
        context.Features.Set(timings);
        context.Response.OnStarting(() =>
        {
            context.Response.Headers["Server-Timing"] = string.Create(
                CultureInfo.InvariantCulture,
                $"db;dur={timings.Db.TotalMilliseconds:0.###}, count;dur={timings.Count.TotalMilliseconds:0.###}, serialize;dur={timings.Serialize.TotalMilliseconds:0.###}, total;dur={Stopwatch.GetElapsedTime(start).TotalMilliseconds:0.###}");
            return Task.CompletedTask;
        });

        await next(context);
        if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed && !context.Response.HasStarted)
        {
            await ApiResponses.MethodNotAllowedAsync(new ApiContext(context));
        }
    }
}
