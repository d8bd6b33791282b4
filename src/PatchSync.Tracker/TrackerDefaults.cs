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

    /// <summary>Names of the phases and counters in <see cref="PatchSync.Core.Diagnostics.PhaseTimings"/>.</summary>
    public const string HttpPhase = "tracker.http";
    public const string JsonPhase = "tracker.json";
    public const string PagesCounter = "tracker.pages";
    public const string RetriesCounter = "tracker.retries";
    public const string RequestsCounter = "tracker.requests";
}
