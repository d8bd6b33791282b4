using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Data.Stores;

/// <summary>
/// One page of the patches list: its rows in page order, their projects, each patch's combined check
/// state, and the patches related to them (<see cref="RelatedPatches.None"/> when not asked for).
/// </summary>
internal sealed record PatchPage(IReadOnlyList<PatchRow> Rows, Dictionary<long, ProjectRow> Projects, Dictionary<long, string> Checks, RelatedPatches Related);
