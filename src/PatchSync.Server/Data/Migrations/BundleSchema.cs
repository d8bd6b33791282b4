namespace PatchSync.Server.Data.Migrations;

/// <summary>
/// Version 4: bundles, a user's named and ordered lists of patches of one project (Patchwork's Bundle
/// and BundlePatch). A bundle's name is unique per owner, as its web and mbox URLs are
/// <c>/bundle/OWNER/NAME/</c>. <c>bundle_patches.ordering</c> is the order the mbox download uses;
/// the API lists a bundle's patches by date, as Patchwork does.
/// </summary>
internal static class BundleSchema
{
    public static Migration Migration { get; } = new(4, "bundles", Sql);

    private const string Sql = """
        CREATE TABLE bundles (
            id {pk},
            owner_id BIGINT NOT NULL REFERENCES users (id),
            project_id BIGINT NOT NULL REFERENCES projects (id),
            name TEXT NOT NULL,
            is_public BIGINT NOT NULL DEFAULT 0
        );
        CREATE UNIQUE INDEX ux_bundles_owner_name ON bundles (owner_id, name);
        CREATE INDEX ix_bundles_project_id ON bundles (project_id, id);
        CREATE INDEX ix_bundles_public_id ON bundles (is_public, id);

        CREATE TABLE bundle_patches (
            bundle_id BIGINT NOT NULL REFERENCES bundles (id),
            patch_id BIGINT NOT NULL REFERENCES patches (id),
            ordering BIGINT NOT NULL,
            PRIMARY KEY (bundle_id, patch_id)
        );
        CREATE INDEX ix_bundle_patches_bundle_ordering ON bundle_patches (bundle_id, ordering);
        CREATE INDEX ix_bundle_patches_patch ON bundle_patches (patch_id);
        """;
}
