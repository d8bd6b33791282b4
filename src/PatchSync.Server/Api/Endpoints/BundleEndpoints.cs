using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using PatchSync.Server.Api.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Paging;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Api.Endpoints;

/// <summary>
/// GET/POST /bundles/ and GET/PUT/PATCH/DELETE /bundles/{id}/, as Patchwork 3.1.3 serves them. Anyone
/// sees public bundles, a user also their own; a private bundle of someone else is 404, as if it did
/// not exist. Only the owner changes or deletes a bundle (403 for anyone else). Writes came with API
/// 1.2: under /api/1.0/ and /api/1.1/ they are 405, reads work in every version.
/// </summary>
internal static class BundleEndpoints
{
    private static readonly Dictionary<string, string> OrderColumns = new(StringComparer.Ordinal)
    {
        ["id"] = "b.id",
        ["name"] = "b.name",
        ["owner"] = "b.owner_id",
    };

    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapRead("bundles/", ListAsync);
        group.MapPost("bundles/", CreateAsync);
        group.MapRead("bundles/{id:long}/", DetailAsync);
        group.MapMethods("bundles/{id:long}/", ["PATCH", "PUT"], UpdateAsync);
        group.MapDelete("bundles/{id:long}/", DeleteAsync);
    }

    /// <summary>
    /// Patchwork's BundleFilterSet: <c>project</c> (id or linkname, the last given), <c>owner</c> (user
    /// ids or usernames, several ORed, as <c>submitter</c>), <c>public</c> (true/false/1/0, anything else
    /// ignored); <c>q</c> searches the name; <c>order</c> by id, name or owner.
    /// </summary>
    private static async Task ListAsync(HttpContext http, Database database, ListResponder responder, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        var r = http.Request;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var query = new ListQuery("bundles", "b")
        {
            Viewer = api.User?.Id.ToString(CultureInfo.InvariantCulture) ?? "anonymous",
        };
        query.Conditions.Add(BundleStore.VisibleCondition("b", api.User?.Id));
        if (!await FilterResolver.WhereProjectAsync(connection, query, QueryValues.Last(r, "project"), cancellationToken))
        {
            query.MatchesNothing = true;
        }

        if (QueryValues.Many(r, "owner") is { Count: > 0 } owners)
        {
            if (await FilterResolver.ResolveAsync(connection, "users", "lower(username)", owners, cancellationToken) is { } ownerIds)
            {
                query.WhereIn("b.owner_id", ownerIds);
            }
            else
            {
                query.MatchesNothing = true;
            }
        }

        if (QueryValues.Last(r, "public") is { } publicText && FilterResolver.ParseBooleanFilter(publicText) is { } isPublic)
        {
            query.Conditions.Add(isPublic ? "b.is_public = 1" : "b.is_public = 0");
        }

        ListParameters.ApplySearch(query, r, database.Dialect, "name");
        PatchQueries.ApplyOrder(query, QueryValues.Last(r, "order"), OrderColumns, "b.id");
        await responder.RespondAsync(api, connection, query, async (c, ids, _) =>
        {
            var writers = await LoadAsync(c, api, ids, cancellationToken);
            return w => writers.ForEach(write => write(w));
        }, cancellationToken);
    }

    private static async Task DetailAsync(HttpContext http, long id, Database database, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        if (await BundleStore.FindVisibleAsync(connection, id, api.User?.Id, cancellationToken) is null)
        {
            await ApiResponses.NotFoundAsync(api);
            return;
        }

        await WriteDetailAsync(api, connection, id, StatusCodes.Status200OK, cancellationToken);
    }

    /// <summary>POST: a new bundle owned by the caller, in the project of its patches; 201 with the bundle and its <c>Location</c>.</summary>
    private static async Task CreateAsync(HttpContext http, Database database, BundleStore store, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        if (!api.AtLeast(2))
        {
            await ApiResponses.MethodNotAllowedAsync(api);
            return;
        }

        if (await Guards.RequireUserAsync(api) is not { } user)
        {
            return;
        }

        if (await RequestBody.ReadAsync(http.Request, cancellationToken, BundleFields.ListFields) is not { } fields)
        {
            await RequestBody.ParseErrorAsync(api);
            return;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var (changes, errors) = await BundleFields.ReadAsync(connection, fields, partial: false, http.Request.HasFormContentType, cancellationToken);
        if (changes is null)
        {
            await ApiResponses.FieldErrorsAsync(api, errors);
            return;
        }

        if (await store.CreateAsync(connection, user.Id, changes, cancellationToken) is not { } id)
        {
            await NameTakenAsync(api, changes.Name!);
            return;
        }

        http.Response.Headers.Location = api.Api($"bundles/{id}/");
        await WriteDetailAsync(api, connection, id, StatusCodes.Status201Created, cancellationToken);
    }

    /// <summary>PATCH changes the fields it sends; PUT needs name and patches. New patches replace the old list.</summary>
    private static async Task UpdateAsync(HttpContext http, long id, Database database, BundleStore store, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        if (await FindOwnBundleAsync(api, connection, id, cancellationToken) is not { } bundle)
        {
            return;
        }

        if (await RequestBody.ReadAsync(http.Request, cancellationToken, BundleFields.ListFields) is not { } fields)
        {
            await RequestBody.ParseErrorAsync(api);
            return;
        }

        var partial = HttpMethods.IsPatch(http.Request.Method);
        var (changes, errors) = await BundleFields.ReadAsync(connection, fields, partial, http.Request.HasFormContentType, cancellationToken);
        if (changes is null)
        {
            await ApiResponses.FieldErrorsAsync(api, errors);
            return;
        }

        if (!await store.UpdateAsync(connection, bundle, changes, cancellationToken))
        {
            await NameTakenAsync(api, changes.Name!);
            return;
        }

        await WriteDetailAsync(api, connection, id, StatusCodes.Status200OK, cancellationToken);
    }

    private static async Task DeleteAsync(HttpContext http, long id, Database database, BundleStore store, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        if (await FindOwnBundleAsync(api, connection, id, cancellationToken) is not { } bundle)
        {
            return;
        }

        await store.DeleteAsync(connection, bundle, cancellationToken);
        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>
    /// The checks of a change, in Patchwork's order: 405 before API 1.2, 404 for a bundle the caller
    /// cannot see, 403 for one that is not theirs ("credentials not provided" when anonymous).
    /// </summary>
    private static async Task<Data.Rows.BundleRow?> FindOwnBundleAsync(ApiContext api, DbConnection connection, long id, CancellationToken cancellationToken)
    {
        if (!api.AtLeast(2))
        {
            await ApiResponses.MethodNotAllowedAsync(api);
            return null;
        }

        var bundle = await BundleStore.FindVisibleAsync(connection, id, api.User?.Id, cancellationToken);
        if (bundle is null)
        {
            await ApiResponses.NotFoundAsync(api);
            return null;
        }

        if (api.User is null || api.User.Id != bundle.OwnerId)
        {
            await ApiResponses.DetailAsync(api, StatusCodes.Status403Forbidden, api.User is null ? ApiResponses.NoCredentials : ApiResponses.NoPermission);
            return null;
        }

        return bundle;
    }

    /// <summary>
    /// Patchwork has no check for a second bundle of the same name and owner: its database refuses it
    /// and the client gets a 500. This server answers 400 on the name instead.
    /// </summary>
    private static Task NameTakenAsync(ApiContext api, string name) =>
        ApiResponses.FieldErrorAsync(api, "name", $"You already have a bundle named \"{name}\".");

    private static async Task WriteDetailAsync(ApiContext api, DbConnection connection, long id, int status, CancellationToken cancellationToken)
    {
        var writers = await LoadAsync(connection, api, [id], cancellationToken);
        if (writers.Count == 0)
        {
            // Deleted by another request since it was found.
            await ApiResponses.NotFoundAsync(api);
            return;
        }

        await ApiResponses.WriteAsync(api, status, writers[0]);
    }

    private static async Task<List<Action<Utf8JsonWriter>>> LoadAsync(DbConnection connection, ApiContext api, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var bundles = (await BundleStore.RowsAsync(connection, ids, cancellationToken)).ToDictionary(b => b.Id);
        var patches = await BundleStore.PatchesByDateAsync(connection, bundles.Keys, cancellationToken);
        var owners = await RefLoader.UsersAsync(connection, bundles.Values.Select(b => b.OwnerId), cancellationToken);
        var projects = await RefLoader.ProjectsAsync(
            connection, bundles.Values.Select(b => b.ProjectId).Concat(patches.SelectMany(g => g).Select(p => p.ProjectId)), cancellationToken);
        return ids.Where(bundles.ContainsKey).Select(id =>
        {
            var bundle = bundles[id];
            return (Action<Utf8JsonWriter>)(w => BundleJson.Write(w, api, bundle, owners[bundle.OwnerId], projects, patches[id]));
        }).ToList();
    }
}
