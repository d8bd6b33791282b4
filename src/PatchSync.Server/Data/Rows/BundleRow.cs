namespace PatchSync.Server.Data.Rows;

/// <summary>A bundle: its owner's named list of patches of one project, public or private.</summary>
internal sealed class BundleRow
{
    public long Id { get; init; }

    public long OwnerId { get; init; }

    public long ProjectId { get; init; }

    public string Name { get; init; } = "";

    /// <summary>1 when anyone may read the bundle, 0 when only its owner may.</summary>
    public long IsPublic { get; init; }

    public const string Columns = "id, owner_id, project_id, name, is_public";
}
