using Dapper;
using PatchSync.Server.Data;

namespace PatchSync.Server.Tests.Support;

/// <summary>
/// Everything the API can write, read as one string: equal before and after a request means the
/// request changed nothing (patch fields, relations, checks, events, comments' addressed flag, bundles, the change counters).
/// </summary>
internal static class DatabaseFingerprint
{
    public static async Task<string> ReadAsync(Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var parts = new List<string>();
        foreach (var sql in Queries)
        {
            var rows = await connection.QueryAsync<string>(new CommandDefinition(sql, cancellationToken: cancellationToken));
            parts.Add(string.Join(",", rows));
        }

        return string.Join("|", parts);
    }

    private static readonly string[] Queries =
    [
        "SELECT id || ':' || state_id || ':' || archived || ':' || coalesce(delegate_id, '-') || ':' || coalesce(commit_ref, '-') || ':' || coalesce(pull_url, '-') FROM patches ORDER BY id",
        "SELECT patch_id || ':' || relation_id FROM patch_relation_members ORDER BY patch_id",
        "SELECT count(*) || '' FROM patch_relations",
        "SELECT count(*) || '' FROM checks",
        "SELECT count(*) || '' FROM events",
        "SELECT id || ':' || coalesce(addressed, '-') FROM comments ORDER BY id",
        "SELECT id || ':' || change_seq FROM projects ORDER BY id",
        "SELECT id || ':' || coalesce(token_hash, '-') FROM users ORDER BY id",
        "SELECT id || ':' || owner_id || ':' || project_id || ':' || name || ':' || is_public FROM bundles ORDER BY id",
        "SELECT bundle_id || ':' || patch_id || ':' || ordering FROM bundle_patches ORDER BY bundle_id, ordering",
    ];
}
