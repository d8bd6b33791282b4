using System.Net;
using System.Text.Json;
using Dapper;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Api;

/// <summary>
/// Bundles over HTTP against the real server: create, read, update, delete; who sees and who may
/// change which bundle; validation answers; list filters, order, paging and ETags; the mbox download.
/// Patches 1-16 are in project widgets, the rest in gadgets (the sample mbox imported into each).
/// </summary>
public sealed class BundleTests : IAsyncLifetime
{
    private readonly ServerWithData _fixture = new();

    private ApiServer Server => _fixture.Server;

    private TestData Data => _fixture.Data;

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task Create_WithToken_Is201WithBundleAndLocation_AndDetailShowsTheSame()
    {
        var (response, body) = await CreateAsync("{\"name\":\"review queue\",\"patches\":[3,1,2],\"public\":true}", Data.MaintainerToken);
        var id = body.GetProperty("id").GetInt64();
        var (detailResponse, detail) = await Server.GetAsync($"/api/1.3/bundles/{id}/");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(new Uri(Server.BaseUrl, $"/api/1.3/bundles/{id}/"), response.Headers.Location);
        Assert.Equal(
            ["id", "url", "web_url", "project", "name", "owner", "patches", "public", "mbox"],
            body.EnumerateObject().Select(p => p.Name));
        Assert.Equal($"{Server.BaseUrl}api/1.3/bundles/{id}/", body.GetProperty("url").GetString());
        Assert.Equal($"{Server.BaseUrl}bundle/maint/review%20queue/", body.GetProperty("web_url").GetString());
        Assert.Equal($"{Server.BaseUrl}bundle/maint/review%20queue/mbox/", body.GetProperty("mbox").GetString());
        Assert.Equal("widgets", body.GetProperty("project").GetProperty("link_name").GetString());
        Assert.Equal("maint", body.GetProperty("owner").GetProperty("username").GetString());
        Assert.Equal("review queue", body.GetProperty("name").GetString());
        Assert.True(body.GetProperty("public").GetBoolean());
        Assert.Equal(await IdsByDateAsync(1, 2, 3), PatchIds(body));
        Assert.Equal(
            ["id", "url", "web_url", "msgid", "list_archive_url", "date", "name", "mbox"],
            body.GetProperty("patches")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.OK, detailResponse.StatusCode);
        Assert.Equal(body.GetRawText(), detail.GetRawText());
    }

    [Fact]
    public async Task Create_FormLikeGitPw_ReadsRepeatedPatchesAndPythonBoolean()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/1.2/bundles/")
        {
            Content = new FormUrlEncodedContent([new("name", "from-form"), new("patches", "5"), new("patches", "4"), new("public", "False")]),
        };

        var (response, body) = await Server.SendAsync(request, Data.MaintainerToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(await IdsByDateAsync(4, 5), PatchIds(body));
        Assert.False(body.GetProperty("public").GetBoolean());
        Assert.Equal(new long[] { 5, 4 }, await StoredOrderAsync(body.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Create_PublicDefaultsToFalse_AndRepeatedPatchIsKeptOnce()
    {
        var (response, body) = await CreateAsync("{\"name\":\"twice\",\"patches\":[2,2,1]}", Data.MaintainerToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(body.GetProperty("public").GetBoolean());
        Assert.Equal(new long[] { 2, 1 }, await StoredOrderAsync(body.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Writes_WithoutTokenOrBefore12_AreRefusedAndChangeNothing()
    {
        var (_, bundle) = await CreateAsync("{\"name\":\"mine\",\"patches\":[1],\"public\":true}", Data.MaintainerToken);
        var id = bundle.GetProperty("id").GetInt64();
        var before = await DatabaseFingerprint.ReadAsync(Data.Database, CancellationToken.None);

        var (anonymous, anonymousBody) = await CreateAsync("{\"name\":\"x\",\"patches\":[1]}", null);
        var (old, oldBody) = await Server.SendJsonAsync(HttpMethod.Post, "/api/1.1/bundles/", "{\"name\":\"x\",\"patches\":[1]}", Data.MaintainerToken);
        var (oldPatch, _) = await Server.SendJsonAsync(HttpMethod.Patch, $"/api/1.0/bundles/{id}/", "{\"name\":\"y\"}", Data.MaintainerToken);
        var (oldDelete, _) = await Server.SendJsonAsync(HttpMethod.Delete, $"/api/1.1/bundles/{id}/", null, Data.MaintainerToken);
        var (anonymousPatch, anonymousPatchBody) = await Server.SendJsonAsync(HttpMethod.Patch, $"/api/bundles/{id}/", "{\"name\":\"y\"}");
        var (otherPatch, otherPatchBody) = await Server.SendJsonAsync(HttpMethod.Patch, $"/api/bundles/{id}/", "{\"name\":\"y\"}", Data.PlainToken);
        var (otherDelete, _) = await Server.SendJsonAsync(HttpMethod.Delete, $"/api/bundles/{id}/", null, Data.PlainToken);
        var (missing, _) = await Server.SendJsonAsync(HttpMethod.Delete, "/api/bundles/999/", null, Data.MaintainerToken);

        Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
        Assert.Equal("Authentication credentials were not provided.", anonymousBody.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, old.StatusCode);
        Assert.Equal("Method \"POST\" not allowed.", oldBody.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, oldPatch.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, oldDelete.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, anonymousPatch.StatusCode);
        Assert.Equal("Authentication credentials were not provided.", anonymousPatchBody.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, otherPatch.StatusCode);
        Assert.Equal("You do not have permission to perform this action.", otherPatchBody.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, otherDelete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(before, await DatabaseFingerprint.ReadAsync(Data.Database, CancellationToken.None));
    }

    [Fact]
    public async Task Visibility_AnonymousSeesPublic_UsersAlsoTheirOwn_OthersPrivateIs404()
    {
        var shared = await CreateIdAsync("{\"name\":\"shared\",\"patches\":[1],\"public\":true}", Data.MaintainerToken);
        var maintPrivate = await CreateIdAsync("{\"name\":\"stash\",\"patches\":[2]}", Data.MaintainerToken);
        var plainPrivate = await CreateIdAsync("{\"name\":\"stash\",\"patches\":[3]}", Data.PlainToken);

        Assert.Equal([shared], await ListIdsAsync("/api/bundles/", null));
        Assert.Equal([shared, maintPrivate], await ListIdsAsync("/api/bundles/", Data.MaintainerToken));
        Assert.Equal([shared, plainPrivate], await ListIdsAsync("/api/bundles/", Data.PlainToken));
        Assert.Equal(HttpStatusCode.NotFound, (await Server.GetAsync($"/api/bundles/{maintPrivate}/")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.GetAsync($"/api/bundles/{maintPrivate}/", Data.PlainToken)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Server.GetAsync($"/api/bundles/{maintPrivate}/", Data.MaintainerToken)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Server.GetAsync($"/api/bundles/{shared}/", Data.PlainToken)).Response.StatusCode);

        // Changing someone else's private bundle does not reveal that it exists.
        var (patchOther, _) = await Server.SendJsonAsync(HttpMethod.Patch, $"/api/bundles/{maintPrivate}/", "{\"public\":true}", Data.PlainToken);
        Assert.Equal(HttpStatusCode.NotFound, patchOther.StatusCode);
    }

    [Fact]
    public async Task Patch_ChangesNameAndPublic_AndNewPatchesReplaceTheList()
    {
        var id = await CreateIdAsync("{\"name\":\"before\",\"patches\":[1,2]}", Data.MaintainerToken);

        var (renamed, renamedBody) = await Server.SendJsonAsync(HttpMethod.Patch, $"/api/bundles/{id}/", "{\"name\":\"after\",\"public\":true}", Data.MaintainerToken);
        var (replaced, replacedBody) = await Server.SendJsonAsync(HttpMethod.Patch, $"/api/bundles/{id}/", "{\"patches\":[6,5]}", Data.MaintainerToken);

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("after", renamedBody.GetProperty("name").GetString());
        Assert.True(renamedBody.GetProperty("public").GetBoolean());
        Assert.Equal(await IdsByDateAsync(1, 2), PatchIds(renamedBody));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("after", replacedBody.GetProperty("name").GetString());
        Assert.Equal(await IdsByDateAsync(5, 6), PatchIds(replacedBody));
        Assert.Equal(new long[] { 6, 5 }, await StoredOrderAsync(id));
        Assert.Equal($"{Server.BaseUrl}bundle/maint/after/", replacedBody.GetProperty("web_url").GetString());
    }

    [Fact]
    public async Task Put_NeedsNameAndPatches_ThenReplacesBoth()
    {
        var id = await CreateIdAsync("{\"name\":\"put-me\",\"patches\":[1]}", Data.MaintainerToken);

        var (incomplete, incompleteBody) = await Server.SendJsonAsync(HttpMethod.Put, $"/api/bundles/{id}/", "{\"public\":true}", Data.MaintainerToken);
        var (complete, completeBody) = await Server.SendJsonAsync(HttpMethod.Put, $"/api/bundles/{id}/", "{\"name\":\"put-done\",\"patches\":[7]}", Data.MaintainerToken);

        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        Assert.Equal("{\"name\":[\"This field is required.\"],\"patches\":[\"This field is required.\"]}", incompleteBody.GetRawText());
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal("put-done", completeBody.GetProperty("name").GetString());
        Assert.Equal([7L], PatchIds(completeBody));
        Assert.False(completeBody.GetProperty("public").GetBoolean());
    }

    [Fact]
    public async Task Patch_WithPatchesOfAnotherProject_MovesTheBundleThere_AsPatchworkDoes()
    {
        var id = await CreateIdAsync("{\"name\":\"mover\",\"patches\":[1]}", Data.MaintainerToken);
        var gadgetsPatch = await FirstPatchOfAsync("gadgets");

        var (response, body) = await Server.SendJsonAsync(HttpMethod.Patch, $"/api/bundles/{id}/", $"{{\"patches\":[{gadgetsPatch}]}}", Data.MaintainerToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gadgets", body.GetProperty("project").GetProperty("link_name").GetString());
        Assert.Equal([id], await ListIdsAsync("/api/bundles/?project=gadgets", Data.MaintainerToken));
        Assert.Empty(await ListIdsAsync("/api/bundles/?project=widgets", Data.MaintainerToken));
    }

    [Fact]
    public async Task Delete_Owner_Is204_AndBundleAndItsPatchListAreGone()
    {
        var id = await CreateIdAsync("{\"name\":\"doomed\",\"patches\":[1,2,3],\"public\":true}", Data.MaintainerToken);

        var (response, _) = await Server.SendJsonAsync(HttpMethod.Delete, $"/api/bundles/{id}/", null, Data.MaintainerToken);
        var (after, _) = await Server.GetAsync($"/api/bundles/{id}/", Data.MaintainerToken);
        await using var connection = await Data.Database.OpenConnectionAsync(CancellationToken.None);
        var rows = await connection.ExecuteScalarAsync<long>("SELECT (SELECT COUNT(*) FROM bundles) + (SELECT COUNT(*) FROM bundle_patches)");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Equal(0, rows);
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync("{\"name\":\"doomed\",\"patches\":[1]}", Data.MaintainerToken)).Response.StatusCode);
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"patches\":[]}", "{\"patches\":[\"Bundles cannot be empty\"]}")]
    [InlineData("{\"name\":\"x\",\"patches\":[1,99999]}", "{\"patches\":[\"Invalid pk \\\"99999\\\" - object does not exist.\"]}")]
    [InlineData("{\"name\":\"x\",\"patches\":[\"1\",\"abc\"]}", "{\"patches\":[\"Incorrect type. Expected pk value, received str.\"]}")]
    [InlineData("{\"name\":\"x\",\"patches\":[true]}", "{\"patches\":[\"Incorrect type. Expected pk value, received bool.\"]}")]
    [InlineData("{\"name\":\"x\",\"patches\":[1.5]}", "{\"patches\":[\"Incorrect type. Expected pk value, received float.\"]}")]
    [InlineData("{\"name\":\"x\",\"patches\":\"1,2\"}", "{\"patches\":[\"Expected a list of items but got type \\\"str\\\".\"]}")]
    [InlineData("{\"name\":\"x\",\"patches\":null}", "{\"patches\":[\"This field may not be null.\"]}")]
    [InlineData("{\"name\":\"x\"}", "{\"patches\":[\"This field is required.\"]}")]
    [InlineData("{\"patches\":[1]}", "{\"name\":[\"This field is required.\"]}")]
    [InlineData("{\"name\":\"   \",\"patches\":[1]}", "{\"name\":[\"This field may not be blank.\"]}")]
    [InlineData("{\"name\":true,\"patches\":[1]}", "{\"name\":[\"Not a valid string.\"]}")]
    [InlineData("{\"name\":\"a/b\",\"patches\":[1]}", "{\"name\":[\"Bundle names cannot contain \\\"/\\\".\"]}")]
    [InlineData("{\"name\":\"a\\u0000b\",\"patches\":[1]}", "{\"name\":[\"Null characters are not allowed.\"]}")]
    [InlineData("{\"name\":\"x\",\"patches\":[1],\"public\":\"maybe\"}", "{\"public\":[\"Must be a valid boolean.\"]}")]
    [InlineData("{\"name\":null,\"patches\":{},\"public\":null}", "{\"name\":[\"This field may not be null.\"],\"patches\":[\"Expected a list of items but got type \\\"dict\\\".\"],\"public\":[\"This field may not be null.\"]}")]
    public async Task Create_BadFields_Is400WithDrfFieldMessages_AndWritesNothing(string json, string expected)
    {
        var before = await DatabaseFingerprint.ReadAsync(Data.Database, CancellationToken.None);

        var (response, body) = await CreateAsync(json, Data.MaintainerToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(expected, body.GetRawText());
        Assert.Equal(before, await DatabaseFingerprint.ReadAsync(Data.Database, CancellationToken.None));
    }

    [Fact]
    public async Task Create_PatchesOfTwoProjects_Is400()
    {
        var (response, body) = await CreateAsync($"{{\"name\":\"mixed\",\"patches\":[1,{await FirstPatchOfAsync("gadgets")}]}}", Data.MaintainerToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("{\"patches\":[\"Bundle patches must belong to the same project\"]}", body.GetRawText());
    }

    [Fact]
    public async Task Names_LongestAllowedIs50Characters_AndOwnerCannotUseANameTwice()
    {
        var fifty = new string('é', 50);
        var (ok, okBody) = await CreateAsync($"{{\"name\":\"  {fifty}  \",\"patches\":[1]}}", Data.MaintainerToken);
        var (tooLong, tooLongBody) = await CreateAsync($"{{\"name\":\"{fifty}x\",\"patches\":[1]}}", Data.MaintainerToken);
        var (again, againBody) = await CreateAsync($"{{\"name\":\"{fifty}\",\"patches\":[2]}}", Data.MaintainerToken);
        var (otherOwner, _) = await CreateAsync($"{{\"name\":\"{fifty}\",\"patches\":[2]}}", Data.PlainToken);
        var second = await CreateIdAsync("{\"name\":\"second\",\"patches\":[3]}", Data.MaintainerToken);
        var (rename, renameBody) = await Server.SendJsonAsync(HttpMethod.Patch, $"/api/bundles/{second}/", $"{{\"name\":\"{fifty}\"}}", Data.MaintainerToken);
        var (sameName, _) = await Server.SendJsonAsync(HttpMethod.Patch, $"/api/bundles/{second}/", "{\"name\":\"second\"}", Data.MaintainerToken);

        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.Equal(fifty, okBody.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("{\"name\":[\"Ensure this field has no more than 50 characters.\"]}", tooLongBody.GetRawText());
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal($"You already have a bundle named \"{fifty}\".", againBody.GetProperty("name")[0].GetString());
        Assert.Equal(HttpStatusCode.Created, otherOwner.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, rename.StatusCode);
        Assert.True(renameBody.TryGetProperty("name", out _));
        Assert.Equal(HttpStatusCode.OK, sameName.StatusCode);
    }

    [Fact]
    public async Task List_FiltersOrderPagingAndOlderVersions()
    {
        var alpha = await CreateIdAsync("{\"name\":\"alpha\",\"patches\":[1],\"public\":true}", Data.MaintainerToken);
        var beta = await CreateIdAsync("{\"name\":\"beta\",\"patches\":[2]}", Data.MaintainerToken);
        var gamma = await CreateIdAsync($"{{\"name\":\"gamma\",\"patches\":[{await FirstPatchOfAsync("gadgets")}],\"public\":true}}", Data.PlainToken);
        var token = Data.MaintainerToken;

        Assert.Equal([gamma], await ListIdsAsync("/api/bundles/?project=gadgets", token));
        Assert.Equal([alpha, beta], await ListIdsAsync("/api/bundles/?project=1", token));
        Assert.Empty(await ListIdsAsync("/api/bundles/?project=nosuch", token));
        Assert.Equal([alpha, beta], await ListIdsAsync("/api/bundles/?owner=maint", token));
        Assert.Equal([alpha, beta, gamma], await ListIdsAsync($"/api/bundles/?owner=maint&owner={Data.PlainId}", token));
        Assert.Empty(await ListIdsAsync("/api/bundles/?owner=nobody", token));
        Assert.Equal([beta], await ListIdsAsync("/api/bundles/?public=false", token));
        Assert.Equal([alpha, gamma], await ListIdsAsync("/api/bundles/?public=TRUE", token));
        Assert.Equal([alpha, beta, gamma], await ListIdsAsync("/api/bundles/?public=both", token));
        Assert.Equal([beta], await ListIdsAsync("/api/bundles/?q=ET", token));
        Assert.Equal([gamma, beta, alpha], await ListIdsAsync("/api/bundles/?order=-name", token));
        Assert.Equal([gamma, alpha, beta], await ListIdsAsync("/api/bundles/?order=-owner,id", token));

        var (page2, page2Body) = await Server.GetAsync("/api/bundles/?per_page=1&page=2", token);
        Assert.Equal([beta], page2Body.EnumerateArray().Select(b => b.GetProperty("id").GetInt64()));
        Assert.Equal(["next", "prev", "first", "last"], LinkHeaders.Of(page2).Select(l => l.Rel));
        Assert.Equal($"{Server.BaseUrl}api/bundles/?page=3&per_page=1", LinkHeaders.Of(page2)[0].Url);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.GetAsync("/api/bundles/?page=9", token)).Response.StatusCode);

        var (_, old) = await Server.GetAsync("/api/1.0/bundles/", token);
        var first = old[0];
        Assert.False(first.TryGetProperty("web_url", out _));
        Assert.False(first.GetProperty("patches")[0].TryGetProperty("web_url", out _));
        Assert.False(first.GetProperty("project").TryGetProperty("list_archive_url", out _));
        Assert.Equal($"{Server.BaseUrl}api/1.0/bundles/{alpha}/", first.GetProperty("url").GetString());
    }

    [Fact]
    public async Task List_ETag_DependsOnCallerAndChangesWithBundleWrites()
    {
        await CreateIdAsync("{\"name\":\"private\",\"patches\":[1]}", Data.MaintainerToken);
        var (anonymous, _) = await Server.GetAsync("/api/bundles/");
        var anonymousTag = anonymous.Headers.ETag!.Tag;

        using var asMaintainer = new HttpRequestMessage(HttpMethod.Get, "/api/bundles/");
        asMaintainer.Headers.TryAddWithoutValidation("If-None-Match", anonymousTag);
        var (maintainer, maintainerBody) = await Server.SendAsync(asMaintainer, Data.MaintainerToken);
        using var sameAnonymous = new HttpRequestMessage(HttpMethod.Get, "/api/bundles/");
        sameAnonymous.Headers.TryAddWithoutValidation("If-None-Match", anonymousTag);
        var (unchanged, _) = await Server.SendAsync(sameAnonymous);
        await CreateIdAsync("{\"name\":\"public\",\"patches\":[1],\"public\":true}", Data.MaintainerToken);
        using var afterWrite = new HttpRequestMessage(HttpMethod.Get, "/api/bundles/");
        afterWrite.Headers.TryAddWithoutValidation("If-None-Match", anonymousTag);
        var (changed, changedBody) = await Server.SendAsync(afterWrite);

        Assert.Equal(HttpStatusCode.OK, maintainer.StatusCode);
        Assert.Equal(1, maintainerBody.GetArrayLength());
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(1, changedBody.GetArrayLength());
    }

    [Fact]
    public async Task Options_BundleRoutes_AllowWhatPatchworkAllows()
    {
        var id = await CreateIdAsync("{\"name\":\"opts\",\"patches\":[1],\"public\":true}", Data.MaintainerToken);

        var (list, _) = await Server.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/api/1.1/bundles/"));
        var (detail, _) = await Server.SendAsync(new HttpRequestMessage(HttpMethod.Options, $"/api/bundles/{id}/"));
        var (get, _) = await Server.GetAsync($"/api/bundles/{id}/");
        var (post, _) = await Server.SendJsonAsync(HttpMethod.Post, $"/api/bundles/{id}/", "{}", Data.MaintainerToken);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("GET, POST, HEAD, OPTIONS", string.Join(", ", list.Content.Headers.Allow));
        Assert.Equal("GET, PUT, PATCH, DELETE, HEAD, OPTIONS", string.Join(", ", detail.Content.Headers.Allow));
        Assert.Equal("GET, PUT, PATCH, DELETE, HEAD, OPTIONS", string.Join(", ", get.Content.Headers.Allow));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    [Fact]
    public async Task Mbox_IsPatchesInBundleOrder_PrivateOnlyForOwner()
    {
        var (_, created) = await CreateAsync("{\"name\":\"to mail\",\"patches\":[3,1,2]}", Data.MaintainerToken);
        var mboxPath = new Uri(created.GetProperty("mbox").GetString()!).PathAndQuery;

        var anonymous = await Server.Client.GetAsync(mboxPath);
        var other = await SendWithTokenAsync(mboxPath, Data.PlainToken);
        var owner = await SendWithTokenAsync(mboxPath, Data.MaintainerToken);
        var text = await owner.Content.ReadAsStringAsync();
        var ids = System.Text.RegularExpressions.Regex.Matches(text, @"(?m)^X-Patchwork-Id: (\d+)$").Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal("/bundle/maint/to%20mail/mbox/", mboxPath);
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        Assert.Equal($"attachment; filename=bundle-{created.GetProperty("id").GetInt64()}-to mail.mbox", owner.Content.Headers.NonValidated["Content-Disposition"].ToString());
        Assert.Equal([3L, 1L, 2L], ids);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(text, "(?m)^From patchwork "));

        await Server.SendJsonAsync(HttpMethod.Patch, $"/api/bundles/{created.GetProperty("id").GetInt64()}/", "{\"public\":true}", Data.MaintainerToken);
        Assert.Equal(HttpStatusCode.OK, (await Server.Client.GetAsync(mboxPath)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Client.GetAsync("/bundle/maint/no-such/mbox/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Client.GetAsync("/bundle/plain/to%20mail/mbox/")).StatusCode);
    }

    private async Task<HttpResponseMessage> SendWithTokenAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", token);
        return await Server.Client.SendAsync(request);
    }

    private Task<(HttpResponseMessage Response, JsonElement Body)> CreateAsync(string json, string? token) =>
        Server.SendJsonAsync(HttpMethod.Post, "/api/1.3/bundles/", json, token);

    private async Task<long> CreateIdAsync(string json, string token)
    {
        var (response, body) = await CreateAsync(json, token);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return body.GetProperty("id").GetInt64();
    }

    private async Task<long[]> ListIdsAsync(string path, string? token)
    {
        var (response, body) = await Server.GetAsync(path, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body.EnumerateArray().Select(b => b.GetProperty("id").GetInt64()).ToArray();
    }

    private static long[] PatchIds(JsonElement bundle) => bundle.GetProperty("patches").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ToArray();

    /// <summary>The patches in the order the API lists a bundle's patches: by date, then id.</summary>
    private async Task<long[]> IdsByDateAsync(params long[] ids)
    {
        await using var connection = await Data.Database.OpenConnectionAsync(CancellationToken.None);
        return (await connection.QueryAsync<long>($"SELECT id FROM patches WHERE id IN ({string.Join(",", ids)}) ORDER BY date, id")).ToArray();
    }

    /// <summary>The bundle's own order (the mbox's), as stored.</summary>
    private async Task<long[]> StoredOrderAsync(long bundleId)
    {
        await using var connection = await Data.Database.OpenConnectionAsync(CancellationToken.None);
        return (await connection.QueryAsync<long>("SELECT patch_id FROM bundle_patches WHERE bundle_id = @bundleId ORDER BY ordering", new { bundleId })).ToArray();
    }

    private async Task<long> FirstPatchOfAsync(string project)
    {
        await using var connection = await Data.Database.OpenConnectionAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT MIN(p.id) FROM patches p JOIN projects pr ON pr.id = p.project_id WHERE pr.linkname = @project", new { project });
    }
}
