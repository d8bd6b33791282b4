namespace PatchSync.Server.Data.Migrations;

/// <summary>
/// Version 5: patch relations (API 1.2's <c>related</c>). A relation is only an id; membership lives in
/// its own table keyed by patch (a patch is in at most one relation) rather than in a column of
/// <c>patches</c>, so the hot patches table and every query that reads it stay as they are, and a list
/// page finds its relations with one probe of a table that is usually empty.
/// </summary>
internal static class PatchRelationsSchema
{
    public static Migration Migration { get; } = new(5, "patch relations", Sql);

    private const string Sql = """
        CREATE TABLE patch_relations (
            id {pk}
        );

        CREATE TABLE patch_relation_members (
            patch_id BIGINT NOT NULL PRIMARY KEY REFERENCES patches (id),
            relation_id BIGINT NOT NULL REFERENCES patch_relations (id)
        );
        CREATE INDEX ix_patch_relation_members_relation ON patch_relation_members (relation_id, patch_id);
        """;
}
