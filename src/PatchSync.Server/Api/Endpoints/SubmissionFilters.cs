using System.Data.Common;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Paging;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Api.Endpoints;

/// <summary>The project/submitter/since/before filters shared by covers and series lists.</summary>
public static class SubmissionFilters
{
    public static async Task ApplyAsync(DbConnection connection, ListQuery query, HttpRequest r, CancellationToken cancellationToken)
    {
        var a = query.Alias;
        if (!await FilterResolver.WhereProjectsAsync(connection, query, QueryValues.Many(r, "project"), cancellationToken)
            || !await FilterResolver.WhereSubmittersAsync(connection, query, QueryValues.Many(r, "submitter"), cancellationToken))
        {
            query.MatchesNothing = true;
            return;
        }

        foreach (var (param, op) in new[] { ("since", ">="), ("before", "<") })
        {
            if (QueryValues.One(r, param) is { } text)
            {
                if (!DbTime.TryParse(text, out var micros))
                {
                    query.MatchesNothing = true;
                    return;
                }

                query.Where($"{a}.date {op} {{0}}", micros);
            }
        }
    }
}
