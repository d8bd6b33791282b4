using System.Data.Common;
using Dapper;

namespace PatchSync.Server.Data.Stores;

/// <summary>
/// The two reads a page of patches (<see cref="PatchStore.PageSql"/>) and a patch detail
/// (<see cref="PatchDetail.PostgresStatements"/>) both end with: the patches' checks and, with
/// <c>related</c> (API 1.2+), the members of their relations. One place for their SQL and for reading
/// them off the reader keeps a patch's <c>check</c> and <c>related</c> the same in a list and in its detail.
/// </summary>
internal static class PatchCheckAndRelatedReads
{
    /// <summary>The checks of the patches whose id satisfies <c>patch_id {idCondition}</c>, in id order (<see cref="PatchStore.SummarizeChecks"/> needs that).</summary>
    public static string ChecksSql(string idCondition) =>
        $"SELECT patch_id, user_id, context, state FROM checks WHERE patch_id {idCondition} ORDER BY id";

    /// <summary>Adds the checks statement and, when <paramref name="withRelated"/>, the related patches statement.</summary>
    public static void AddStatements(List<string> statements, string idCondition, bool withRelated)
    {
        statements.Add(ChecksSql(idCondition));
        if (withRelated)
        {
            statements.Add(RelatedPatches.Sql(idCondition));
        }
    }

    /// <summary>
    /// Reads the results of <see cref="AddStatements"/>, the reader at the checks: the combined check
    /// state per patch, and the related rows (null without <paramref name="withRelated"/>).
    /// </summary>
    public static async Task<(Dictionary<long, string> Checks, List<RelatedPatches.Row>? Related)> ReadAsync(
        DbDataReader reader, bool withRelated, CancellationToken cancellationToken)
    {
        var checks = new List<(long PatchId, long UserId, string Context, string State)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            checks.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3)));
        }

        List<RelatedPatches.Row>? related = null;
        if (withRelated)
        {
            related = [];
            await reader.NextResultAsync(cancellationToken);
            var parse = reader.GetRowParser<RelatedPatches.Row>();
            while (await reader.ReadAsync(cancellationToken))
            {
                related.Add(parse(reader));
            }
        }

        return (PatchStore.SummarizeChecks(checks), related);
    }
}
