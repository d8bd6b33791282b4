namespace PatchSync.Server.Data.Migrations;

/// <summary>
/// The indexes that serve list endpoints: each holds the filter columns, then the order columns, then
/// the id, so a page's ids come from the index alone (no table rows, no sort). Kept as a named set so
/// the benchmark can drop and recreate them to measure what they buy.
/// </summary>
internal static class CoveringIndexes
{
    public static IReadOnlyList<(string Name, string Definition)> All { get; } =
    [
        // Patches: GET /patches/?project=P[&state=S][&archived=B][&order=date], default order id.
        ("ix_patches_project_id", "patches (project_id, id)"),
        ("ix_patches_project_state_archived_id", "patches (project_id, state_id, archived, id)"),
        ("ix_patches_project_state_id", "patches (project_id, state_id, id, archived)"),
        ("ix_patches_project_archived_id", "patches (project_id, archived, id, state_id)"),
        ("ix_patches_project_date_id", "patches (project_id, date, id)"),
        ("ix_patches_state_archived_id", "patches (state_id, archived, id)"),
        ("ix_patches_archived_id", "patches (archived, id)"),
        ("ix_patches_date_id", "patches (date, id)"),
        ("ix_patches_series_id", "patches (series_id, id)"),
        ("ix_patches_submitter_id", "patches (submitter_id, id)"),
        ("ix_patches_delegate_id", "patches (delegate_id, id)"),

        // Events: GET /events/?project=P&category=C[&since=T], newest first.
        ("ix_events_project_category_date_id", "events (project_id, category, date, id)"),
        ("ix_events_project_date_id", "events (project_id, date, id)"),
        ("ix_events_category_date_id", "events (category, date, id)"),
        ("ix_events_date_id", "events (date, id)"),
        ("ix_events_patch_date_id", "events (patch_id, date, id)"),
        ("ix_events_series_date_id", "events (series_id, date, id)"),
        ("ix_events_cover_date_id", "events (cover_id, date, id)"),

        // Covers and series lists by project.
        ("ix_covers_project_id", "covers (project_id, id)"),
        ("ix_covers_project_date_id", "covers (project_id, date, id)"),
        ("ix_series_project_id", "series (project_id, id)"),
        ("ix_series_project_date_id", "series (project_id, date, id)"),

        // Comments and checks under a patch or cover, in date order.
        ("ix_comments_patch_date_id", "comments (patch_id, date, id)"),
        ("ix_comments_cover_date_id", "comments (cover_id, date, id)"),
        ("ix_checks_patch_id", "checks (patch_id, id)"),
    ];

    public static string CreateSql(string name, string definition) => $"CREATE INDEX IF NOT EXISTS {name} ON {definition}";
}
