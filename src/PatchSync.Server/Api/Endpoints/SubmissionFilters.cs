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
        var projects = QueryValues.Many(r, "project");
        if (projects.Count > 0)
        {
            var ids = await FilterResolver.ResolveAsync(connection, "projects", "lower(linkname)", projects, cancellationToken);
            if (ids is null)
            {
                query.MatchesNothing = true;
                return;
            }

            query.WhereIn($"{a}.project_id", ids);
            query.ProjectScope = ids;
        }

        var submitters = QueryValues.Many(r, "submitter");
        if (submitters.Count > 0)
        {
            var ids = await FilterResolver.ResolveAsync(connection, "people", "email_lower", submitters, cancellationToken);
            if (ids is null)
            {
                query.MatchesNothing = true;
                return;
            }

            query.WhereIn($"{a}.submitter_id", ids);
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
