using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Data.Stores;

/// <summary>
/// Reads and writes bundles. Who may see a bundle is decided here (<see cref="VisibleCondition"/>):
/// anyone sees public bundles, a user also their own. Every write bumps the change counter of the
/// bundle's project (both projects when its patches move it), in the write's transaction, so bundle
/// list ETags change with it.
/// </summary>
internal sealed class BundleStore(Database database)
{
    /// <summary>
    /// The SQL condition on <paramref name="alias"/> that keeps the bundles <paramref name="viewerId"/>
    /// may see (public ones only, for an anonymous caller). The id is a number of our own, inlined.
    /// </summary>
    public static string VisibleCondition(string alias, long? viewerId) => viewerId is { } id
        ? $"({alias}.is_public = 1 OR {alias}.owner_id = {id.ToString(CultureInfo.InvariantCulture)})"
        : $"{alias}.is_public = 1";

    /// <summary>The bundle if it exists and <paramref name="viewerId"/> may see it; null otherwise (Patchwork hides the rest).</summary>
    public static async Task<BundleRow?> FindVisibleAsync(DbConnection connection, long id, long? viewerId, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<BundleRow>(new CommandDefinition(
            $"SELECT {BundleRow.Columns} FROM bundles b WHERE b.id = @id AND {VisibleCondition("b", viewerId)}",
            new { id },
            cancellationToken: cancellationToken));

    /// <summary>The bundle of the web and mbox URLs <c>/bundle/USERNAME/NAME/</c> (both exact), whoever may see it.</summary>
    public static async Task<BundleRow?> FindByOwnerAndNameAsync(DbConnection connection, string username, string name, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<BundleRow>(new CommandDefinition(
            $"SELECT {string.Join(", ", BundleRow.Columns.Split(", ").Select(c => "b." + c))} FROM bundles b JOIN users u ON u.id = b.owner_id WHERE u.username = @username AND b.name = @name",
            new { username, name },
            cancellationToken: cancellationToken));

    /// <summary>Bundle rows by id (any order).</summary>
    public static Task<List<BundleRow>> RowsAsync(DbConnection connection, IEnumerable<long> ids, CancellationToken cancellationToken) =>
        RefLoader.QueryByIdsAsync<BundleRow>(connection, $"SELECT {BundleRow.Columns} FROM bundles WHERE id IN", ids, cancellationToken);

    /// <summary>
    /// The patches of each bundle as the API lists them: by date, then id (Patchwork's default patch
    /// order, which its serializer uses; the bundle's own order is the mbox's).
    /// </summary>
    public static async Task<ILookup<long, BundlePatchRow>> PatchesByDateAsync(DbConnection connection, IEnumerable<long> bundleIds, CancellationToken cancellationToken)
    {
        var rows = await RefLoader.QueryByIdsAsync<BundlePatchRow>(
            connection,
            "SELECT bp.bundle_id, p.id, p.project_id, p.msgid, p.date, p.name FROM bundle_patches bp JOIN patches p ON p.id = bp.patch_id WHERE bp.bundle_id IN",
            bundleIds,
            cancellationToken);
        return rows.OrderBy(r => r.Date).ThenBy(r => r.Id).ToLookup(r => r.BundleId);
    }

    /// <summary>The patch ids of a bundle in the bundle's order (what its mbox holds, in that order).</summary>
    public static async Task<IReadOnlyList<long>> PatchIdsInOrderAsync(DbConnection connection, long bundleId, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT patch_id FROM bundle_patches WHERE bundle_id = @bundleId ORDER BY ordering, patch_id",
            new { bundleId },
            cancellationToken: cancellationToken))).AsList();

    /// <summary>Creates a bundle owned by <paramref name="ownerId"/> on a connection of its own (tests and tools).</summary>
    /// <param name="ownerId">The owner's user id.</param>
    /// <param name="values">Name, project and patches (all set), and whether it is public.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<long?> CreateAsync(long ownerId, BundleChanges values, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await CreateAsync(connection, ownerId, values, cancellationToken);
    }

    /// <summary>
    /// Creates a bundle owned by <paramref name="ownerId"/>; null when the owner has a bundle of that
    /// name already. Runs on the request's own open connection (with no transaction on it), as every
    /// write here does: a request never holds one pooled connection while it waits for a second.
    /// </summary>
    public async Task<long?> CreateAsync(DbConnection connection, long ownerId, BundleChanges values, CancellationToken cancellationToken)
    {
        if (values.Name is null || values.ProjectId is null || values.PatchIds is null)
        {
            throw new ArgumentException("a new bundle needs a name, a project and patches", nameof(values));
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await NameTakenAsync(connection, transaction, ownerId, values.Name, exceptId: 0, cancellationToken))
        {
            return null;
        }

        long id;
        try
        {
            id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO bundles (owner_id, project_id, name, is_public) VALUES (@ownerId, @projectId, @name, @isPublic) RETURNING id",
                new { ownerId, projectId = values.ProjectId.Value, name = values.Name, isPublic = values.IsPublic == true ? 1L : 0L },
                transaction,
                cancellationToken: cancellationToken));
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            // Another request took the name between the check and the insert.
            return null;
        }

        await ReplacePatchesAsync(connection, transaction, id, values.PatchIds, cancellationToken);
        await ChangeTracker.BumpProjectAsync(connection, transaction, values.ProjectId.Value, cancellationToken, patchListChanged: false);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>
    /// Applies the fields set in <paramref name="changes"/>: a new patch list replaces the old one (and
    /// moves the bundle to the patches' project). False when the new name is one the owner already uses.
    /// </summary>
    public async Task<bool> UpdateAsync(DbConnection connection, BundleRow bundle, BundleChanges changes, CancellationToken cancellationToken)
    {
        if (changes.IsEmpty)
        {
            return true;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (changes.Name is { } name && await NameTakenAsync(connection, transaction, bundle.OwnerId, name, bundle.Id, cancellationToken))
        {
            return false;
        }

        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE bundles SET name = COALESCE(@name, name), is_public = COALESCE(@isPublic, is_public), project_id = COALESCE(@projectId, project_id)
                WHERE id = @id
                """,
                new { id = bundle.Id, name = changes.Name, isPublic = changes.IsPublic is { } p ? (p ? 1L : 0L) : (long?)null, projectId = changes.ProjectId },
                transaction,
                cancellationToken: cancellationToken));
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            return false;
        }

        if (changes.PatchIds is { Count: > 0 } patchIds)
        {
            await ReplacePatchesAsync(connection, transaction, bundle.Id, patchIds, cancellationToken);
        }

        foreach (var projectId in new[] { bundle.ProjectId, changes.ProjectId ?? bundle.ProjectId }.Distinct())
        {
            await ChangeTracker.BumpProjectAsync(connection, transaction, projectId, cancellationToken, patchListChanged: false);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task DeleteAsync(DbConnection connection, BundleRow bundle, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM bundle_patches WHERE bundle_id = @id", new { id = bundle.Id }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM bundles WHERE id = @id", new { id = bundle.Id }, transaction, cancellationToken: cancellationToken));
        await ChangeTracker.BumpProjectAsync(connection, transaction, bundle.ProjectId, cancellationToken, patchListChanged: false);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<bool> NameTakenAsync(DbConnection connection, DbTransaction transaction, long ownerId, string name, long exceptId, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM bundles WHERE owner_id = @ownerId AND name = @name AND id <> @exceptId",
            new { ownerId, name, exceptId },
            transaction,
            cancellationToken: cancellationToken)) is not null;

    /// <summary>Patchwork's overwrite: the old list goes, the new one is numbered 1, 2, … in the order given, a repeated patch kept once.</summary>
    private static async Task ReplacePatchesAsync(DbConnection connection, DbTransaction transaction, long bundleId, IReadOnlyList<long> patchIds, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM bundle_patches WHERE bundle_id = @bundleId", new { bundleId }, transaction, cancellationToken: cancellationToken));
        var rows = patchIds.Distinct().Select((patchId, index) => new { bundleId, patchId, ordering = (long)index + 1 }).ToList();
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO bundle_patches (bundle_id, patch_id, ordering) VALUES (@bundleId, @patchId, @ordering)",
            rows,
            transaction,
            cancellationToken: cancellationToken));
    }

    private static bool IsUniqueViolation(DbException e) => e switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}

/// <summary>
/// The fields a bundle write sets; null leaves a field as it is. <see cref="ProjectId"/> comes with
/// <see cref="PatchIds"/>: a bundle belongs to the project of its patches.
/// </summary>
internal sealed record BundleChanges(string? Name, bool? IsPublic, IReadOnlyList<long>? PatchIds, long? ProjectId)
{
    public bool IsEmpty => Name is null && IsPublic is null && PatchIds is null;
}
