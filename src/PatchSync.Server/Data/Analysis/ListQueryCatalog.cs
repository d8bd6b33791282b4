using System.Data.Common;
using Dapper;
using PatchSync.Server.Data.Paging;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Data.Analysis;

/// <summary>
/// The list queries clients make, built by the same code the endpoints use, with values taken from
/// the current data (the busiest project, a real msgid and hash), for plan checks and <c>db analyze</c>.
/// </summary>
internal static class ListQueryCatalog
{
    public static async Task<IReadOnlyList<(string Endpoint, ListQuery Query)>> BuildAsync(DbConnection connection, SqlDialect dialect, CancellationToken cancellationToken)
    {
        var project = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT project_id FROM patch_counts GROUP BY project_id ORDER BY SUM(n) DESC, project_id LIMIT 1", cancellationToken: cancellationToken))
            ?? await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT MIN(id) FROM projects", cancellationToken: cancellationToken))
            ?? 1;
        var sample = await connection.QueryFirstOrDefaultAsync<(string Msgid, string? Hash, long Id)>(new CommandDefinition(
            "SELECT msgid, hash, id FROM patches WHERE project_id = @project ORDER BY id LIMIT 1", new { project }, cancellationToken: cancellationToken));
        var p = project.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var since = DbTime.Format(DbTime.ToMicros(new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
        var patchQueries = new (string, PatchFilter)[]
        {
            ($"/patches/?project={p}", new PatchFilter { Project = p }),
            ($"/patches/?project={p}&state=new", new PatchFilter { Project = p, States = ["new"] }),
            ($"/patches/?project={p}&state=new&archived=false", new PatchFilter { Project = p, States = ["new"], Archived = "false" }),
            ($"/patches/?project={p}&archived=false", new PatchFilter { Project = p, Archived = "false" }),
            ($"/patches/?project={p}&order=-date", new PatchFilter { Project = p, Order = "-date" }),
            ($"/patches/?project={p}&since={since}&order=date", new PatchFilter { Project = p, Since = since, Order = "date" }),
            ($"/patches/?msgid=...", new PatchFilter { Msgid = sample.Msgid ?? "<none>" }),
            ($"/patches/?hash=...", new PatchFilter { Hash = sample.Hash ?? "0" }),
        };
        var result = new List<(string, ListQuery)>();
        foreach (var (name, filter) in patchQueries)
        {
            result.Add((name, await PatchQueries.BuildAsync(connection, dialect, filter, 3, cancellationToken)));
        }

        var eventQueries = new (string, EventFilter)[]
        {
            ($"/events/?project={p}", new EventFilter { Project = p }),
            ($"/events/?project={p}&category=patch-state-changed", new EventFilter { Project = p, Category = "patch-state-changed" }),
            ($"/events/?project={p}&category=patch-state-changed&since={since}", new EventFilter { Project = p, Category = "patch-state-changed", Since = since }),
            ($"/events/?project={p}&since={since}", new EventFilter { Project = p, Since = since }),
        };
        foreach (var (name, filter) in eventQueries)
        {
            result.Add((name, await EventQueries.BuildAsync(connection, filter, 3, cancellationToken)));
        }

        var covers = new ListQuery("covers", "c");
        covers.WhereIn("c.project_id", [project]);
        covers.FinishOrder("c.id");
        result.Add(($"/covers/?project={p}", covers));
        var series = new ListQuery("series", "se");
        series.WhereIn("se.project_id", [project]);
        series.FinishOrder("se.id");
        result.Add(($"/series/?project={p}", series));
        result.Add(($"/patches/{sample.Id}/comments/", ChildListQueries.Comments("patch_id", sample.Id, project)));
        result.Add(($"/patches/{sample.Id}/checks/", ChildListQueries.Checks(sample.Id, project)));
        return result;
    }
}
