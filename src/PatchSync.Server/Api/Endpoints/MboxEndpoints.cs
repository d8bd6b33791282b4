using System.Data.Common;
using System.Text;
using Dapper;
using PatchSync.Server.Api.Mbox;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Rows;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Api.Endpoints;

/// <summary>
/// Patchwork's web-site mbox downloads, which the API's <c>mbox</c> fields link to and git-pw and
/// pwclient fetch for <c>download</c> and <c>apply</c>: one patch, a cover letter, or every patch of a series in order.
/// </summary>
internal static class MboxEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapRead("/project/{linkname}/patch/{msgid}/mbox/", PatchAsync);
        app.MapRead("/project/{linkname}/patch/{msgid}/raw/", RawAsync);
        app.MapRead("/project/{linkname}/cover/{msgid}/mbox/", CoverAsync);
        app.MapRead("/series/{id:long}/mbox/", SeriesAsync);
        app.MapRead("/bundle/{username}/{name}/mbox/", BundleAsync);
    }

    /// <summary>
    /// One patch as an mbox; with <c>?series=*</c> (the patch's series) or <c>?series=ID</c>, the patch
    /// with its dependencies, the earlier patches of that series in series order, as Patchwork's
    /// <c>series_patch_to_mbox</c> does. That is what <c>git pw patch apply</c> asks for by default
    /// (<c>--deps</c>). A patch with no series, a non-numeric ID, or a series the patch is not in is 404.
    /// </summary>
    private static async Task PatchAsync(HttpContext http, string linkname, string msgid, Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var patch = await FindPatchAsync(connection, linkname, msgid, cancellationToken);
        if (patch is null)
        {
            await ApiResponses.NotFoundAsync(new ApiContext(http));
            return;
        }

        var fileName = PatchMbox.FileName(patch.Value.Row.Name);
        var seriesParameter = http.Request.Query["series"].LastOrDefault();
        if (string.IsNullOrEmpty(seriesParameter))
        {
            await WriteAsync(http, fileName, PatchMbox.Format(patch.Value.Row, patch.Value.Body, patch.Value.Comments), cancellationToken);
            return;
        }

        var seriesId = patch.Value.Row.SeriesId;
        var seriesMatches = seriesParameter == "*"
            ? seriesId is not null
            : long.TryParse(seriesParameter, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var asked) && asked == seriesId;
        if (!seriesMatches)
        {
            await ApiResponses.NotFoundAsync(new ApiContext(http));
            return;
        }

        var dependencyIds = await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM patches WHERE series_id = @seriesId AND series_number < @number ORDER BY series_number, id",
            new { seriesId, number = patch.Value.SeriesNumber ?? long.MinValue },
            cancellationToken: cancellationToken));
        var mails = new List<string>();
        foreach (var dependencyId in dependencyIds)
        {
            if (await LoadAsync(connection, dependencyId, cancellationToken) is { } dependency)
            {
                mails.Add(PatchMbox.Format(dependency.Row, dependency.Body, dependency.Comments));
            }
        }

        mails.Add(PatchMbox.Format(patch.Value.Row, patch.Value.Body, patch.Value.Comments));
        await WriteAsync(http, fileName, string.Join("\n", mails), cancellationToken);
    }

    /// <summary>The patch's diff alone, as <c>text/x-patch</c> (<c>git pw patch download --diff</c>; Patchwork's <c>patch_raw</c>).</summary>
    private static async Task RawAsync(HttpContext http, string linkname, string msgid, Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var patch = await FindPatchAsync(connection, linkname, msgid, cancellationToken);
        if (patch is null)
        {
            await ApiResponses.NotFoundAsync(new ApiContext(http));
            return;
        }

        var fileName = Path.ChangeExtension(PatchMbox.FileName(patch.Value.Row.Name), ".diff");
        await WriteAsync(http, fileName, patch.Value.Body.Diff ?? "", cancellationToken, "text/x-patch");
    }

    private static async Task<(PatchRow Row, BodyRow Body, List<string> Comments, long? SeriesNumber)?> FindPatchAsync(DbConnection connection, string linkname, string msgid, CancellationToken cancellationToken)
    {
        var found = await connection.QuerySingleOrDefaultAsync<PatchKey>(new CommandDefinition(
            "SELECT p.id AS Id, p.series_number AS SeriesNumber FROM patches p JOIN projects pr ON pr.id = p.project_id WHERE pr.linkname = @linkname AND p.msgid = @msgid",
            new { linkname, msgid = StoredMsgid(msgid) },
            cancellationToken: cancellationToken));
        if (found is null || await LoadAsync(connection, found.Id, cancellationToken) is not { } patch)
        {
            return null;
        }

        return (patch.Row, patch.Body, patch.Comments, found.SeriesNumber);
    }

    private sealed class PatchKey
    {
        public long Id { get; init; }

        public long? SeriesNumber { get; init; }
    }

    private static async Task CoverAsync(HttpContext http, string linkname, string msgid, Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var id = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT c.id FROM covers c JOIN projects pr ON pr.id = c.project_id WHERE pr.linkname = @linkname AND c.msgid = @msgid",
            new { linkname, msgid = StoredMsgid(msgid) },
            cancellationToken: cancellationToken));
        var covers = await RefLoader.CoversAsync(connection, id is { } found ? [found] : [], cancellationToken);
        if (id is null || !covers.TryGetValue(id.Value, out var cover))
        {
            await ApiResponses.NotFoundAsync(new ApiContext(http));
            return;
        }

        var body = (await RefLoader.QueryByIdsAsync<BodyRow>(connection, "SELECT headers, content FROM cover_bodies WHERE cover_id IN", [cover.Id], cancellationToken)).FirstOrDefault() ?? new BodyRow();
        await WriteAsync(http, PatchMbox.FileName(cover.Name), PatchMbox.FormatCover(cover, body), cancellationToken);
    }

    /// <summary>
    /// The stored form (in angle brackets) of the msgid in the URL. Routing decodes every escape but
    /// <c>%2F</c>, which the API's links use for a "/" in a Message-ID.
    /// </summary>
    public static string StoredMsgid(string routeValue) =>
        "<" + routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase).Trim('<', '>') + ">";

    private static async Task SeriesAsync(HttpContext http, long id, Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var name = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT name FROM series WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        if (name is null)
        {
            await ApiResponses.NotFoundAsync(new ApiContext(http));
            return;
        }

        var ids = await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM patches WHERE series_id = @id ORDER BY id", new { id }, cancellationToken: cancellationToken));
        var text = new StringBuilder();
        foreach (var patchId in ids)
        {
            if (await LoadAsync(connection, patchId, cancellationToken) is { } patch)
            {
                // Mails in an mbox are separated by a blank line before the next "From " line.
                text.Append(PatchMbox.Format(patch.Row, patch.Body, patch.Comments)).Append('\n');
            }
        }

        await WriteAsync(http, PatchMbox.FileName(name.Length > 0 ? name : $"series-{id}"), text.ToString(), cancellationToken);
    }

    /// <summary>
    /// A bundle's patches in the bundle's order (Patchwork's <c>bundle_mbox</c>, which <c>git pw bundle
    /// download</c> and <c>apply</c> fetch): anyone may have a public bundle, only its owner (by token or
    /// Basic auth) a private one; any other request is 404.
    /// </summary>
    private static async Task BundleAsync(HttpContext http, string username, string name, Database database, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var bundle = await BundleStore.FindByOwnerAndNameAsync(connection, Unescaped(username), Unescaped(name), cancellationToken);
        if (bundle is null || (bundle.IsPublic == 0 && api.User?.Id != bundle.OwnerId))
        {
            await ApiResponses.NotFoundAsync(api);
            return;
        }

        var mails = new List<string>();
        foreach (var patchId in await BundleStore.PatchIdsInOrderAsync(connection, bundle.Id, cancellationToken))
        {
            if (await LoadAsync(connection, patchId, cancellationToken) is { } patch)
            {
                mails.Add(PatchMbox.Format(patch.Row, patch.Body, patch.Comments));
            }
        }

        await WriteAsync(http, BundleFileName(bundle.Id, bundle.Name), string.Join("\n", mails), cancellationToken);
    }

    /// <summary>
    /// Patchwork's <c>bundle-ID-NAME.mbox</c>, with the characters a header value cannot carry (or that
    /// would make a path of it) replaced by "-": git-pw takes the value as the file name as it is.
    /// </summary>
    public static string BundleFileName(long id, string name)
    {
        var safe = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            safe.Append(c is >= ' ' and <= '~' and not ('"' or '\\' or ';' or '/') ? c : '-');
        }

        return $"bundle-{id.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{safe}.mbox";
    }

    /// <summary>A route value with the one escape routing leaves in place, <c>%2F</c>, undone.</summary>
    private static string Unescaped(string routeValue) => routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    private static async Task<(PatchRow Row, BodyRow Body, List<string> Comments)?> LoadAsync(DbConnection connection, long id, CancellationToken cancellationToken)
    {
        var row = await PatchStore.FindAsync(connection, id, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var body = await PatchStore.BodyAsync(connection, id, cancellationToken) ?? new BodyRow();
        var comments = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT content FROM comments WHERE patch_id = @id ORDER BY date, id", new { id }, cancellationToken: cancellationToken))).ToList();
        return (row, body, comments);
    }

    private static async Task WriteAsync(HttpContext http, string fileName, string text, CancellationToken cancellationToken, string contentType = "text/plain; charset=utf-8")
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.Headers.ContentDisposition = $"attachment; filename={fileName}";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, cancellationToken);
    }
}
