using System.Reflection;

namespace PatchSync.Tracker;

/// <summary>Constants of the tracker client.</summary>
public static class TrackerDefaults
{
    /// <summary>API versions this client speaks, newest first.</summary>
    public static IReadOnlyList<string> SupportedVersions { get; } = ["1.3", "1.2", "1.1", "1.0"];

    /// <summary><c>pwsync/&lt;assembly version&gt;</c>.</summary>
    public static string UserAgent { get; } =
        "pwsync/" + (typeof(TrackerDefaults).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
                     ?? typeof(TrackerDefaults).Assembly.GetName().Version?.ToString(3) ?? "0");

    // Names of the phases and counters in PatchSync.Core.Diagnostics.PhaseTimings (shown by --timings).

    /// <summary>Phase: time waiting for HTTP answers, retries included.</summary>
    public const string HttpPhase = "tracker.http";

    /// <summary>Phase: time spent parsing response bodies.</summary>
    public const string JsonPhase = "tracker.json";

    /// <summary>Counter: list pages fetched.</summary>
    public const string PagesCounter = "tracker.pages";

    /// <summary>Counter: requests sent again after a failure.</summary>
    public const string RetriesCounter = "tracker.retries";

    /// <summary>Counter: HTTP requests sent, retries included.</summary>
    public const string RequestsCounter = "tracker.requests";
}
