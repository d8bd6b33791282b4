using System.Data.Common;
using PatchSync.Server.Api.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Rows;
using PatchSync.Server.Data.Stores;
using PatchSync.Server.Hosting;

namespace PatchSync.Server.Api.Endpoints;

/// <summary>GET /patches/, GET and PATCH/PUT /patches/{id}/.</summary>
public static class PatchEndpoints
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
        await responder.RespondAsync(api, connection, query, async (c, ids, plan) =>
        {
            // Patchwork 3.1.3's list shows related too (1.2+), so the page loads it.
            var (rows, projects, checks, related) = database.Options.UseCoveringIndexes
                ? await PatchStore.PageAsync(c, ids, api.AtLeast(2), cancellationToken)
                : await PatchStore.WidePageAsync(c, query, plan, api.AtLeast(2), cancellationToken);
            return w =>
            {
                foreach (var p in rows)
                {
                    PatchJson.WriteListItem(w, api, projects[p.ProjectId], p, checks.GetValueOrDefault(p.Id, "pending"), related);
                }
            };
        }, cancellationToken);
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
        if (await Guards.FindPatchAsync(api, connection, id, cancellationToken) is not { } patch)
        {
            return;
        }

        var body = await PatchStore.BodyAsync(connection, id, cancellationToken) ?? new BodyRow();
        var projects = await RefLoader.ProjectsAsync(connection, [patch.ProjectId], cancellationToken);
        var checks = await PatchStore.CheckSummaryAsync(connection, [id], cancellationToken);
        var related = api.AtLeast(2) ? await RelatedPatches.LoadAsync(connection, [id], projects, cancellationToken) : RelatedPatches.None;
        api.Timings.AddDb(start);
        await ApiResponses.WriteAsync(api, StatusCodes.Status200OK, w =>
            PatchJson.WriteListItem(w, api, projects[patch.ProjectId], patch, checks.GetValueOrDefault(id, "pending"), related, body, partialUpdate));
    }

    private static async Task UpdateAsync(HttpContext http, long id, Database database, PatchStore patches, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        if (await Guards.RequireUserAsync(api) is not { } user)
        {
            return;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        if (await Guards.FindEditablePatchAsync(api, connection, user, id, cancellationToken) is not { } patch)
        {
            return;
        }

        if (await RequestBody.ReadAsync(http.Request, cancellationToken) is not { } fields)
        {
            await RequestBody.ParseErrorAsync(api);
            return;
        }

        var update = new PatchUpdate();
        if (FieldValues.Text(fields, "state") is { } text)
        {
            var found = States.FindForUpdate(text);
            if (found is null)
            {
                await ApiResponses.FieldErrorAsync(api, "state", States.InvalidMessage(text));
                return;
            }

            update = update with { StateId = found.Id };
        }

        if (fields.TryGetValue("delegate", out var delegateValue))
        {
            var (ok, delegateId, error) = await Permissions.CheckDelegateAsync(connection, delegateValue, patch.ProjectId, cancellationToken);
            if (!ok)
            {
                await ApiResponses.FieldErrorAsync(api, "delegate", error!);
                return;
            }

            update = update with { SetDelegate = true, DelegateId = delegateId };
        }

        if (fields.TryGetValue("archived", out var archived))
        {
            if (FieldValues.Boolean(archived) is not { } value)
            {
                await ApiResponses.FieldErrorAsync(api, "archived", "Must be a valid boolean.");
                return;
            }

            update = update with { Archived = value };
        }

        if (fields.TryGetValue("commit_ref", out var commitRef))
        {
            if (FieldValues.CharFieldError(commitRef, PatchFieldLimits.CommitRefLength) is { } error)
            {
                await ApiResponses.FieldErrorAsync(api, "commit_ref", error);
                return;
            }

            update = update with { SetCommitRef = true, CommitRef = FieldValues.Text(commitRef) };
        }

        if (fields.TryGetValue("pull_url", out var pullUrl))
        {
            if (FieldValues.CharFieldError(pullUrl, PatchFieldLimits.PullUrlLength) is { } error)
            {
                await ApiResponses.FieldErrorAsync(api, "pull_url", error);
                return;
            }

            update = update with { SetPullUrl = true, PullUrl = FieldValues.Text(pullUrl) };
        }

        var partial = HttpMethods.IsPatch(http.Request.Method);
        var (related, relatedError) = await RelatedField.ReadAsync(http.Request, fields, partial, connection, cancellationToken);
        if (relatedError is not null)
        {
            await ApiResponses.FieldErrorAsync(api, RelatedField.Name, relatedError);
            return;
        }

        update = update with { Related = related };
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
}
