using PatchSync.Server.Data;

namespace PatchSync.Server.Hosting;

/// <summary>
/// Patchwork behaviours that break a client silently and that this server, by default, is lenient about
/// (<c>serve --patchwork-quirks</c> turns them on, for test doubles): a request body sent chunked
/// without Content-Length is read as empty, as Patchwork's WSGI server reads it (fixture 58), and an
/// aware <c>since</c>/<c>before</c> is read as Australia/Canberra wall-clock time (fixtures 59/60).
/// </summary>
internal sealed class PatchworkQuirks
{
    private PatchworkQuirks(bool enabled) => Enabled = enabled;

    /// <summary>The default: chunked bodies are read, aware dates are converted to UTC.</summary>
    public static PatchworkQuirks Off { get; } = new(false);

    /// <summary>Patchwork-strict: what real Patchwork 3.1.3 does with those requests.</summary>
    public static PatchworkQuirks On { get; } = new(true);

    public bool Enabled { get; }

    /// <summary>True: a body with Transfer-Encoding: chunked and no Content-Length is taken as empty.</summary>
    public bool ReadsChunkedBodyAsEmpty => Enabled;

    public FilterDates FilterDates => Enabled ? FilterDates.PatchworkLocalTime : FilterDates.Utc;

    /// <summary>The quirks of the server handling <paramref name="http"/> (Off where none are registered).</summary>
    public static PatchworkQuirks Of(HttpContext http) => http.RequestServices.GetService<PatchworkQuirks>() ?? Off;
}
