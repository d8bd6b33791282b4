using PatchSync.Server.Api.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Paging;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Api.Endpoints;

/// <summary>GET /people/ and /users/ (login required, as in Patchwork 3.1).</summary>
internal static class PeopleEndpoints
{
    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapRead("people/", PeopleAsync);
        group.MapRead("people/{id:long}/", PersonAsync);
        group.MapRead("users/", UsersAsync);
        group.MapRead("users/{id:long}/", UserAsync);
    }

    private static async Task PeopleAsync(HttpContext http, Database database, ListResponder responder, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        if (await Guards.RequireUserAsync(api) is null)
        {
            return;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var query = new ListQuery("people", "pe");
        ListParameters.ApplySearch(query, http.Request, database.Dialect, "name", "email");
        ListParameters.ApplyOrder(query, http.Request, "id", "name", "email");
        await responder.RespondAsync(api, connection, query, async (c, ids, _) =>
        {
            var people = await RefLoader.PeopleAsync(c, ids, cancellationToken);
            var users = await RefLoader.UsersAsync(c, people.Values.Where(p => p.UserId is not null).Select(p => p.UserId!.Value), cancellationToken);
            return w =>
            {
                foreach (var id in ids)
                {
                    var p = people[id];
                    PeopleJson.WritePerson(w, api, p, p.UserId is { } u ? users.GetValueOrDefault(u) : null);
                }
            };
        }, cancellationToken);
    }

    private static async Task PersonAsync(HttpContext http, long id, Database database, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        if (await Guards.RequireUserAsync(api) is null)
        {
            return;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var people = await RefLoader.PeopleAsync(connection, [id], cancellationToken);
        if (!people.TryGetValue(id, out var person))
        {
            await ApiResponses.NotFoundAsync(api);
            return;
        }

        var users = await RefLoader.UsersAsync(connection, person.UserId is { } u ? [u] : [], cancellationToken);
        await ApiResponses.WriteAsync(api, StatusCodes.Status200OK, w => PeopleJson.WritePerson(w, api, person, users.Values.FirstOrDefault()));
    }

    private static async Task UsersAsync(HttpContext http, Database database, ListResponder responder, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        if (await Guards.RequireUserAsync(api) is null)
        {
            return;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var query = new ListQuery("users", "u");
        ListParameters.ApplySearch(query, http.Request, database.Dialect, "username", "email");
        ListParameters.ApplyOrder(query, http.Request, "id", "username", "email");
        await responder.RespondAsync(api, connection, query, async (c, ids, _) =>
        {
            var users = await RefLoader.UsersAsync(c, ids, cancellationToken);
            return w =>
            {
                foreach (var id in ids)
                {
                    PeopleJson.WriteUser(w, api, users[id]);
                }
            };
        }, cancellationToken);
    }

    private static async Task UserAsync(HttpContext http, long id, Database database, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        if (await Guards.RequireUserAsync(api) is null)
        {
            return;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var users = await RefLoader.UsersAsync(connection, [id], cancellationToken);
        if (!users.TryGetValue(id, out var user))
        {
            await ApiResponses.NotFoundAsync(api);
            return;
        }

        await ApiResponses.WriteAsync(api, StatusCodes.Status200OK, w =>
        {
            if (api.User?.Id == id && api.AtLeast(2))
            {
                PeopleJson.WriteOwnUser(w, api, user);
            }
            else
            {
                PeopleJson.WriteUser(w, api, user);
            }
        });
    }
}
