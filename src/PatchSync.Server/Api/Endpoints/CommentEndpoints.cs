using PatchSync.Server.Api.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Rows;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Api.Endpoints;

/// <summary>
/// GET /patches/{id}/comments/ and /covers/{id}/comments/ (API 1.1+), in date order; the detail of
/// one comment and PATCH/PUT of its <c>addressed</c> flag (API 1.3+).
/// </summary>
internal static class CommentEndpoints
{
    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapRead("patches/{id:long}/comments/", (HttpContext http, long id, Database db, ListResponder r, CancellationToken cancellationToken) => ListAsync(http, "patches", "patch_id", id, db, r, cancellationToken));
        group.MapRead("covers/{id:long}/comments/", (HttpContext http, long id, Database db, ListResponder r, CancellationToken cancellationToken) => ListAsync(http, "covers", "cover_id", id, db, r, cancellationToken));
        group.MapRead("patches/{id:long}/comments/{commentId:long}/", (HttpContext http, long id, long commentId, Database db, CancellationToken cancellationToken) => DetailAsync(http, true, id, commentId, db, null, cancellationToken));
        group.MapRead("covers/{id:long}/comments/{commentId:long}/", (HttpContext http, long id, long commentId, Database db, CancellationToken cancellationToken) => DetailAsync(http, false, id, commentId, db, null, cancellationToken));
        group.MapMethods("patches/{id:long}/comments/{commentId:long}/", ["PATCH", "PUT"], (HttpContext http, long id, long commentId, Database db, CommentStore s, CancellationToken cancellationToken) => DetailAsync(http, true, id, commentId, db, s, cancellationToken));
        group.MapMethods("covers/{id:long}/comments/{commentId:long}/", ["PATCH", "PUT"], (HttpContext http, long id, long commentId, Database db, CommentStore s, CancellationToken cancellationToken) => DetailAsync(http, false, id, commentId, db, s, cancellationToken));
    }

    /// <summary>Shows a comment, or with <paramref name="store"/> updates its <c>addressed</c> flag first.</summary>
    private static async Task DetailAsync(HttpContext http, bool onPatch, long parentId, long commentId, Database database, CommentStore? store, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        if (!api.AtLeast(3))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var comments = await RefLoader.CommentsAsync(connection, [commentId], cancellationToken);
        if (!comments.TryGetValue(commentId, out var comment) || (onPatch ? comment.PatchId : comment.CoverId) != parentId)
        {
            await ApiResponses.NotFoundAsync(api);
            return;
        }

        if (store is not null)
        {
            if (await Guards.RequireUserAsync(api) is not { } user)
            {
                return;
            }

            if (!await CanEditAsync(connection, user, comment, cancellationToken))
            {
                await ApiResponses.DetailAsync(api, StatusCodes.Status403Forbidden, ApiResponses.NoPermission);
                return;
            }

            if (await RequestBody.ReadAsync(http.Request, cancellationToken) is not { } fields)
            {
                await RequestBody.ParseErrorAsync(api);
                return;
            }

            // DRF's BooleanField with allow_null (the model's BooleanField(null=True)): not required, so a
            // JSON PUT without it changes nothing, while a form PUT without it sets false (the field's
            // value for a checkbox missing from an HTML form); null, "", "null" are null.
            bool? addressed = null;
            var change = true;
            if (fields.TryGetValue("addressed", out var value))
            {
                addressed = FieldValues.Boolean(value);
                if (addressed is null && !FieldValues.IsBooleanNull(value))
                {
                    await ApiResponses.FieldErrorAsync(api, "addressed", "Must be a valid boolean.");
                    return;
                }
            }
            else if (HttpMethods.IsPut(http.Request.Method) && http.Request.HasFormContentType)
            {
                addressed = false;
            }
            else
            {
                change = false;
            }

            if (change)
            {
                await store.SetAddressedAsync(connection, commentId, comment.ProjectId, addressed, cancellationToken);
                comment = (await RefLoader.CommentsAsync(connection, [commentId], cancellationToken))[commentId];
            }
        }

        var projects = await RefLoader.ProjectsAsync(connection, [comment.ProjectId], cancellationToken);
        await ApiResponses.WriteAsync(api, StatusCodes.Status200OK, w => CommentJson.Write(w, api, projects[comment.ProjectId], comment, detail: true));
    }

    // Patchwork: the comment's author, or whoever may edit the patch (maintainer, delegate, submitter);
    // on a cover, its submitter or a project maintainer.
    private static async Task<bool> CanEditAsync(System.Data.Common.DbConnection connection, UserRow user, CommentRow comment, CancellationToken cancellationToken)
    {
        var authorUser = await RefLoader.QueryByIdsAsync<long?>(connection, "SELECT user_id FROM people WHERE id IN", [comment.SubmitterId], cancellationToken);
        if (authorUser.FirstOrDefault() == user.Id || await Permissions.IsMaintainerAsync(connection, user.Id, comment.ProjectId, cancellationToken))
        {
            return true;
        }

        if (comment.PatchId is { } patchId && await PatchStore.FindAsync(connection, patchId, cancellationToken) is { } patch)
        {
            return await Permissions.CanEditPatchAsync(connection, user, patch, cancellationToken);
        }

        var coverSubmitter = await RefLoader.QueryByIdsAsync<long?>(
            connection, "SELECT p.user_id FROM covers c JOIN people p ON p.id = c.submitter_id WHERE c.id IN", [comment.CoverId ?? 0], cancellationToken);
        return coverSubmitter.FirstOrDefault() == user.Id;
    }

    private static async Task ListAsync(HttpContext http, string parentTable, string parentColumn, long id, Database database, ListResponder responder, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        if (!api.AtLeast(1))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var parent = await RefLoader.QueryByIdsAsync<long>(connection, $"SELECT project_id FROM {parentTable} WHERE id IN", [id], cancellationToken);
        if (parent.Count == 0)
        {
            await ApiResponses.NotFoundAsync(api);
            return;
        }

        var query = ChildListQueries.Comments(parentColumn, id, parent[0]);
        await responder.RespondAsync(api, connection, query, async (c, ids, _) =>
        {
            var rows = await RefLoader.CommentsAsync(c, ids, cancellationToken);
            var projects = await RefLoader.ProjectsAsync(c, [parent[0]], cancellationToken);
            return w =>
            {
                foreach (var cid in ids.Where(rows.ContainsKey))
                {
                    CommentJson.Write(w, api, projects[parent[0]], rows[cid]);
                }
            };
        }, cancellationToken);
    }
}
