using PatchSync.Server.Api.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Paging;
using PatchSync.Server.Data.Rows;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Api.Endpoints;

/// <summary>GET /projects/ and /projects/{id or linkname}/ (anyone may read).</summary>
internal static class ProjectEndpoints
{
    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapRead("projects/", ListAsync);
        group.MapRead("projects/{key}/", DetailAsync);
    }

    private static async Task ListAsync(HttpContext http, Database database, ListResponder responder, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var query = new ListQuery("projects", "pr");
        ListParameters.ApplySearch(query, http.Request, database.Dialect, "name", "linkname");
        // Patchwork's ordering fields are id, name, link_name and list_id; link_name is no model field
        // there (a 500), so of the link name only that is left out, and "linkname" is ignored as on Patchwork.
        ListParameters.ApplyOrder(query, http.Request, "id", "name", "list_id");
        await responder.RespondAsync(api, connection, query, async (c, ids, _) =>
        {
            var projects = await RefLoader.ProjectsAsync(c, ids, cancellationToken);
            var maintainers = new Dictionary<long, IReadOnlyList<UserRow>>();
            foreach (var id in ids)
            {
                maintainers[id] = await ProjectStore.MaintainersAsync(c, id, cancellationToken);
            }

            return w =>
            {
                foreach (var id in ids)
                {
                    ProjectJson.WriteFull(w, api, projects[id], maintainers[id]);
                }
            };
        }, cancellationToken);
    }

    private static async Task DetailAsync(HttpContext http, string key, Database database, ProjectStore projects, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        var project = await projects.FindAsync(key, cancellationToken);
        if (project is null)
        {
            await ApiResponses.NotFoundAsync(api);
            return;
        }

        var maintainers = await projects.MaintainersAsync(project.Id, cancellationToken);
        await ApiResponses.WriteAsync(api, StatusCodes.Status200OK, w => ProjectJson.WriteFull(w, api, project, maintainers));
    }
}
