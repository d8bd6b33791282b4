using System.Data.Common;
using PatchSync.Server.Data.Paging;
using PatchSync.Server.Data.Stores;
using PatchSync.Server.Hosting;

namespace PatchSync.Server.Api.Endpoints;

/// <summary>
/// The project/submitter/since/before filters shared by covers and series lists. As in Patchwork,
/// <c>submitter</c> takes several values (ORed) and the others one, the last given.
/// </summary>
internal static class SubmissionFilters
{
    public static async Task ApplyAsync(DbConnection connection, ListQuery query, HttpRequest r, CancellationToken cancellationToken)
    {
        var a = query.Alias;
        if (!await FilterResolver.WhereProjectAsync(connection, query, QueryValues.Last(r, "project"), cancellationToken)
            || !await FilterResolver.WhereSubmittersAsync(connection, query, QueryValues.Many(r, "submitter"), cancellationToken))
        {
            query.MatchesNothing = true;
            return;
        }

        var dates = PatchworkQuirks.Of(r.HttpContext).FilterDates;
        foreach (var (param, op) in new[] { ("since", ">="), ("before", "<") })
        {
            if (QueryValues.Last(r, param) is { } text)
            {
                if (!dates.TryParse(text, out var micros))
                {
                    query.MatchesNothing = true;
                    return;
                }

                query.Where($"{a}.date {op} {{0}}", micros);
            }
        }
    }
}
