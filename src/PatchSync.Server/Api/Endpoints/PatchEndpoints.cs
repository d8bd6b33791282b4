using System.Data.Common;
using System.Text.Json;
using Npgsql;
using PatchSync.Server.Api.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Rows;
using PatchSync.Server.Data.Stores;
using PatchSync.Server.Hosting;

namespace PatchSync.Server.Api.Endpoints;

/// <summary>GET /patches/, GET and PATCH/PUT /patches/{id}/.</summary>
internal static class PatchEndpoints
{
    /// <summary>Patchwork's 403 detail when a relation change touches a project the caller does not maintain.</summary>
    public const string NotMaintainerOfAll = "At least one patch is part of a project you are not maintaining.";

    /// <summary>Patchwork's 409 detail when a relation change would join two relations.</summary>
    public const string InAnotherRelation =
        "At least one patch is already part of another relation. You have to explicitly remove a patch from its existing relation before moving it to this one.";

    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapRead("patches/", ListAsync);
        group.MapRead("patches/{id:long}/", DetailAsync);
        group.MapMethods("patches/{id:long}/", ["PATCH", "PUT"], UpdateAsync);
    }

    private static async Task ListAsync(HttpContext http, Database database, ListResponder responder, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        var r = http.Request;
        var filter = new PatchFilter
        {
            Project = QueryValues.Last(r, "project"),
            States = QueryValues.Many(r, "state"),
            Submitters = QueryValues.Many(r, "submitter"),
            Delegate = QueryValues.Last(r, "delegate"),
            Series = QueryValues.Last(r, "series"),
            Archived = QueryValues.Last(r, "archived"),
            Hash = QueryValues.Last(r, "hash"),
            Msgid = QueryValues.Last(r, "msgid"),
            Since = QueryValues.Last(r, "since"),
            Before = QueryValues.Last(r, "before"),
            Q = QueryValues.Last(r, "q"),
            Order = QueryValues.Last(r, "order"),
            Dates = PatchworkQuirks.Of(http).FilterDates,
        };
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var query = await PatchQueries.BuildAsync(connection, database.Dialect, filter, api.Minor, cancellationToken);
        api.Timings.AddDb(start);
        // Patchwork 3.1.3's list shows related too (1.2+), so the page loads it. The baseline without
        // covering indexes reads the wide way (benchmark), never with the head.
        var prefetch = database.Options.UseCoveringIndexes ? new PatchPagePrefetch(api.AtLeast(2)) : null;
        await responder.RespondAsync(api, connection, query, async (c, ids, plan) =>
        {
            var (rows, projects, checks, related) = prefetch?.Rows is { } prefetched
                ? await prefetched.ToPageAsync(c, cancellationToken)
                : database.Options.UseCoveringIndexes
                    ? await PatchStore.PageAsync(c, ids, api.AtLeast(2), cancellationToken)
                    : await PatchStore.WidePageAsync(c, query, plan, api.AtLeast(2), cancellationToken);
            return w =>
            {
                foreach (var p in rows)
                {
                    PatchJson.WriteListItem(w, api, projects[p.ProjectId], p, checks.GetValueOrDefault(p.Id, "pending"), related);
                }
            };
        }, cancellationToken, prefetch);
    }

    private static async Task DetailAsync(HttpContext http, long id, Database database, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await WriteDetailAsync(api, connection, id, cancellationToken);
    }

    private static async Task WriteDetailAsync(ApiContext api, DbConnection connection, long id, CancellationToken cancellationToken, bool partialUpdate = false)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var detail = await PatchDetail.ReadAsync(connection, id, api.AtLeast(2), cancellationToken);
        api.Timings.AddDb(start);
        if (detail is null)
        {
            await ApiResponses.NotFoundAsync(api);
            return;
        }

        await WriteDetailAsync(api, detail, partialUpdate);
    }

    private static Task WriteDetailAsync(ApiContext api, PatchDetail detail, bool partialUpdate) =>
        ApiResponses.WriteAsync(api, StatusCodes.Status200OK, w =>
            PatchJson.WriteListItem(w, api, detail.Project, detail.Patch, detail.CheckState, detail.Related, detail.Body, partialUpdate));

    private static async Task UpdateAsync(HttpContext http, long id, Database database, PatchStore patches, TimeProvider clock, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        if (await Guards.RequireUserAsync(api) is not { } user)
        {
            return;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        Dictionary<string, JsonElement>? fields = null;
        var bodyRead = false;
        if (connection is NpgsqlConnection && HttpMethods.IsPatch(http.Request.Method) && SmallBody(http.Request))
        {
            // PostgreSQL: a small PATCH body is read before the guard, so that the common change (state,
            // archived, commit ref, pull URL) runs as one command with the guard inside it. Anything
            // else (a PUT, which also resets related) goes the general way below with the same answers
            // in the same order (404, 403, then the body's errors).
            fields = await RequestBody.ReadAsync(http.Request, cancellationToken);
            bodyRead = true;
            if (fields is not null && OneStatementUpdate(fields) is { } quick)
            {
                var result = await PostgresPatchUpdate.RunAsync(connection, id, quick, user.Id, DbTime.Now(clock), api.AtLeast(2), api.Timings, cancellationToken);
                if (!result.Found)
                {
                    await ApiResponses.NotFoundAsync(api);
                }
                else if (!result.Permitted)
                {
                    await ApiResponses.DetailAsync(api, StatusCodes.Status403Forbidden, ApiResponses.NoPermission);
                }
                else
                {
                    await WriteDetailAsync(api, result.Detail!, partialUpdate: true);
                }

                return;
            }
        }

        if (await Guards.FindEditablePatchAsync(api, connection, user, id, cancellationToken) is not { } patch)
        {
            return;
        }

        if (!bodyRead)
        {
            fields = await RequestBody.ReadAsync(http.Request, cancellationToken);
        }

        if (fields is null)
        {
            await RequestBody.ParseErrorAsync(api);
            return;
        }

        var partial = HttpMethods.IsPatch(http.Request.Method);
        var (update, errors) = await ReadUpdateAsync(http.Request, fields, partial, connection, patch.ProjectId, cancellationToken);
        if (errors.Count > 0)
        {
            await ApiResponses.FieldErrorsAsync(api, errors);
            return;
        }

        switch (await patches.UpdateAsync(connection, id, update, user.Id, api.Timings, cancellationToken))
        {
            case PatchUpdateResult.NotMaintainer:
                await ApiResponses.DetailAsync(api, StatusCodes.Status403Forbidden, NotMaintainerOfAll);
                return;
            case PatchUpdateResult.RelationConflict:
                await ApiResponses.DetailAsync(api, StatusCodes.Status409Conflict, InAnotherRelation);
                return;
            case PatchUpdateResult.NotFound:
                await ApiResponses.NotFoundAsync(api);
                return;
        }

        await WriteDetailAsync(api, connection, id, cancellationToken, partialUpdate: partial);
    }

    /// <summary>
    /// The change a write asks for, read as Patchwork's PatchDetailSerializer validates it: every
    /// writable field in the serializer's field order (commit_ref, pull_url, state, archived, delegate,
    /// related), and every field's error in one answer. A PUT is a full update, so <c>state</c> and
    /// <c>delegate</c>, which have no default, are required ("This field is required."); <c>related</c>
    /// defaults to <c>[]</c>, and a form (not JSON) PUT without <c>archived</c> sets it to false, as
    /// DRF's BooleanField reads a checkbox missing from an HTML form. <c>state</c> null or <c>""</c> is
    /// "This field may not be null." (a related field reads "" as null).
    /// </summary>
    private static async Task<(PatchUpdate Update, List<(string Field, string Message)> Errors)> ReadUpdateAsync(
        HttpRequest request, Dictionary<string, JsonElement> fields, bool partial, DbConnection connection, long projectId, CancellationToken cancellationToken)
    {
        var update = new PatchUpdate();
        var errors = new List<(string Field, string Message)>();
        var isForm = request.HasFormContentType;
        if (fields.TryGetValue("commit_ref", out var commitRef))
        {
            if (FieldValues.CharFieldError(commitRef, PatchFieldLimits.CommitRefLength) is { } error)
            {
                errors.Add(("commit_ref", error));
            }
            else
            {
                update = update with { SetCommitRef = true, CommitRef = FieldValues.Text(commitRef) };
            }
        }

        if (fields.TryGetValue("pull_url", out var pullUrl))
        {
            if (FieldValues.CharFieldError(pullUrl, PatchFieldLimits.PullUrlLength) is { } error)
            {
                errors.Add(("pull_url", error));
            }
            else
            {
                update = update with { SetPullUrl = true, PullUrl = FieldValues.Text(pullUrl) };
            }
        }

        if (fields.TryGetValue("state", out var stateValue))
        {
            if (FieldValues.Text(stateValue) is not { Length: > 0 } text)
            {
                errors.Add(("state", FieldValues.NotNull));
            }
            else if (States.FindForUpdate(text) is { } found)
            {
                update = update with { StateId = found.Id };
            }
            else
            {
                errors.Add(("state", States.InvalidMessage(text)));
            }
        }
        else if (!partial)
        {
            errors.Add(("state", FieldValues.Required));
        }

        if (fields.TryGetValue("archived", out var archived))
        {
            if (FieldValues.Boolean(archived) is { } value)
            {
                update = update with { Archived = value };
            }
            else if (!(isForm && FieldValues.Text(archived) == ""))
            {
                // A form's "archived=" is no value at all for a field that is not required (DRF skips it).
                errors.Add(("archived", archived.ValueKind == JsonValueKind.Null ? FieldValues.NotNull : "Must be a valid boolean."));
            }
        }
        else if (!partial && isForm)
        {
            update = update with { Archived = false };
        }

        if (fields.TryGetValue("delegate", out var delegateValue))
        {
            var (ok, delegateId, error) = await Permissions.CheckDelegateAsync(connection, delegateValue, projectId, cancellationToken);
            if (ok)
            {
                update = update with { SetDelegate = true, DelegateId = delegateId };
            }
            else
            {
                errors.Add(("delegate", error!));
            }
        }
        else if (!partial)
        {
            errors.Add(("delegate", FieldValues.Required));
        }

        var (related, relatedError) = await RelatedField.ReadAsync(request, fields, partial, connection, cancellationToken);
        if (relatedError is not null)
        {
            errors.Add((RelatedField.Name, relatedError));
        }

        return (update with { Related = related }, errors);
    }

    // Small enough to read before the guard whatever the server's body limit is.
    private static bool SmallBody(HttpRequest request) =>
        request.ContentLength is > 0 and <= 16 * 1024 && !request.HasFormContentType;

    /// <summary>
    /// The change when the body holds only fields <see cref="PostgresPatchUpdate"/> applies, each
    /// valid; null when any field needs the general path (a delegate, related, an invalid value, a
    /// field this method does not know), which then answers as before.
    /// </summary>
    private static PatchUpdate? OneStatementUpdate(Dictionary<string, JsonElement> fields)
    {
        var update = new PatchUpdate();
        foreach (var (name, value) in fields)
        {
            switch (name)
            {
                case "state":
                    // Null or "" is an error ("This field may not be null."), answered by the general path.
                    if (FieldValues.Text(value) is not { Length: > 0 } text || States.FindForUpdate(text) is not { } state)
                    {
                        return null;
                    }

                    update = update with { StateId = state.Id };
                    break;
                case "archived":
                    if (FieldValues.Boolean(value) is not { } archived)
                    {
                        return null;
                    }

                    update = update with { Archived = archived };
                    break;
                case "commit_ref" when FieldValues.CharFieldError(value, PatchFieldLimits.CommitRefLength) is null:
                    update = update with { SetCommitRef = true, CommitRef = FieldValues.Text(value) };
                    break;
                case "pull_url" when FieldValues.CharFieldError(value, PatchFieldLimits.PullUrlLength) is null:
                    update = update with { SetPullUrl = true, PullUrl = FieldValues.Text(value) };
                    break;
                default:
                    return null;
            }
        }

        return update;
    }
}
