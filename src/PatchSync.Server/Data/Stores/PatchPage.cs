using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Data.Stores;

/// <summary>One page of the patches list: its rows in page order, their projects, and each patch's combined check state.</summary>
public sealed record PatchPage(IReadOnlyList<PatchRow> Rows, Dictionary<long, ProjectRow> Projects, Dictionary<long, string> Checks);
