using PatchSync.Core.Model;

namespace PatchSync.Core.Ports;

/// <summary>A patch as the tracker serves it, reduced to what sync uses.</summary>
/// <param name="Id">The tracker's patch id.</param>
/// <param name="MessageId">The patch mail's Message-ID without angle brackets.</param>
/// <param name="Value">State slug and archived flag.</param>
/// <param name="Date">Submission date (UTC).</param>
/// <param name="Delegate">The delegate's user name, if any (for the optional read-only tag).</param>
/// <param name="Checks">The combined checks result (<c>success</c>, <c>warning</c>, <c>fail</c>, <c>pending</c>), if any.</param>
/// <param name="SeriesId">The series the patch belongs to, if any (for the optional series-complete tag).</param>
public sealed record TrackerPatch(
    long Id,
    string MessageId,
    PatchSnapshot Value,
    DateTimeOffset Date,
    string? Delegate = null,
    string? Checks = null,
    long? SeriesId = null);
