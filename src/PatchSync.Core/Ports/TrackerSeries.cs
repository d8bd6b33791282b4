namespace PatchSync.Core.Ports;

/// <summary>A series as the optional <c>series-complete</c> tag needs it.</summary>
/// <param name="Id">The tracker's series id.</param>
/// <param name="Complete">True once the tracker has received every patch of the series.</param>
/// <param name="PatchIds">The series' patches the tracker holds.</param>
public sealed record TrackerSeries(long Id, bool Complete, IReadOnlyList<long> PatchIds);
