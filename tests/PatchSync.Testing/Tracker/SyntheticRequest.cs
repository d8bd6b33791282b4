namespace PatchSync.Testing.Tracker;

/// <summary>What a <see cref="SyntheticPatchwork"/> list request asked for, for latency models and assertions.</summary>
/// <param name="Offset">Rows skipped (OFFSET) before the page.</param>
/// <param name="DateFiltered">Whether since/before narrowed the listing.</param>
/// <param name="Matched">Rows the filters matched (what Patchwork's COUNT(*) counts).</param>
/// <param name="Items">Rows on the page served (what Patchwork serialises).</param>
public sealed record SyntheticRequest(long Offset, bool DateFiltered, long Matched, int Items = 0);
