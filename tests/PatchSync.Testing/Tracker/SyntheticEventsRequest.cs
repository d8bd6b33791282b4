namespace PatchSync.Testing.Tracker;

/// <summary>What a <see cref="SyntheticPatchwork"/> <c>/events/</c> request asked for, for cost models.</summary>
/// <param name="Offset">Rows skipped (OFFSET) before the page.</param>
/// <param name="Items">Events on the page (what Patchwork serialises, ~1 ms each).</param>
/// <param name="Matched">Rows the filters matched (what Patchwork's COUNT(*) counts).</param>
public sealed record SyntheticEventsRequest(long Offset, int Items, long Matched);
