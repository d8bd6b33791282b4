using System.Text;
using System.Text.Json;
using Dapper;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Api;

/// <summary>
/// Writes to a patch's <c>related</c> over HTTP, by Patchwork 3.1.3's rules (its test_relation.py cases
/// and what its serializer code does beyond them): who may, 409 for a patch in another relation, an
/// empty list leaving, the <c>patch-relation-changed</c> events, and what GET, the list and the PATCH
/// answer show. Patches 1-16 are in widgets (maintained by maint), 17-32 in gadgets.
/// </summary>
public sealed class RelationTests : IAsyncLifetime
{
    private readonly ServerWithData _fixture = new();

    private ApiServer Server => _fixture.Server;

    private TestData Data => _fixture.Data;

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task Patch_MaintainerRelatesTwoPatches_EachShowsTheOther()
    {
        var (response, body) = await RelateAsync(1, "[2]");
        var (_, one) = await Server.GetAsync("/api/patches/1/");
        var (_, two) = await Server.GetAsync("/api/1.2/patches/2/");
        var (_, list) = await Server.GetAsync("/api/patches/?project=widgets&per_page=3");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal([2L], RelatedIds(body));
        Assert.Equal([2L], RelatedIds(one));
        Assert.Equal([1L], RelatedIds(two));
        Assert.Equal(new long[][] { [2], [1], [] }, list.EnumerateArray().Select(RelatedIds).ToArray());
        var embedded = one.GetProperty("related")[0];
        Assert.Equal(["id", "url", "web_url", "msgid", "list_archive_url", "date", "name", "mbox"], embedded.EnumerateObject().Select(p => p.Name));
        Assert.Equal($"{Server.BaseUrl}api/patches/2/", embedded.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Patch_RelatesThree_AllRelated()
    {
        var (response, _) = await RelateAsync(1, "[2, 3]");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal([2L, 3L], await RelatedOfAsync(1));
        Assert.Equal([1L, 3L], await RelatedOfAsync(2));
        Assert.Equal([1L, 2L], await RelatedOfAsync(3));
    }

    [Fact]
    public async Task Patch_Anonymous_403NoCredentials_PlainUser_403NoPermission()
    {
        var (anonymous, anonymousBody) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/1/", "{\"related\":[2]}");
        var (plain, plainBody) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/1/", "{\"related\":[2]}", Data.PlainToken);

        Assert.Equal(403, (int)anonymous.StatusCode);
        Assert.Equal("Authentication credentials were not provided.", anonymousBody.GetProperty("detail").GetString());
        Assert.Equal(403, (int)plain.StatusCode);
        Assert.Equal("You do not have permission to perform this action.", plainBody.GetProperty("detail").GetString());
        Assert.Empty(await RelatedOfAsync(1));
    }

    [Fact]
    public async Task Patch_SubmitterMayEditButNotMaintain_403AndNothingChanges()
    {
        // ada sent patch 1, so she may change its state, but relations need a maintainer.
        var before = await DatabaseFingerprint.ReadAsync(Data.Database, CancellationToken.None);

        var (response, body) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/1/", "{\"state\":\"rfc\",\"related\":[2]}", Data.SubmitterToken);

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal("At least one patch is part of a project you are not maintaining.", body.GetProperty("detail").GetString());
        Assert.Equal(before, await DatabaseFingerprint.ReadAsync(Data.Database, CancellationToken.None));
    }

    [Fact]
    public async Task Patch_PatchOfProjectNotMaintained_403_ThenMaintainerOfBoth_200()
    {
        var (refused, refusedBody) = await RelateAsync(1, "[17]");
        var (otherWay, _) = await RelateAsync(17, "[1]");
        await AddMaintainerAsync("gadgets");
        var (allowed, body) = await RelateAsync(1, "[17]");
        var (_, gadget) = await Server.GetAsync("/api/patches/17/");

        Assert.Equal(403, (int)refused.StatusCode);
        Assert.Equal("At least one patch is part of a project you are not maintaining.", refusedBody.GetProperty("detail").GetString());
        Assert.Equal(403, (int)otherWay.StatusCode);
        Assert.Equal(200, (int)allowed.StatusCode);
        Assert.Equal([17L], RelatedIds(body));
        Assert.Equal([1L], RelatedIds(gadget));
        // An embedded patch links into its own project.
        Assert.Contains("/project/gadgets/patch/", body.GetProperty("related")[0].GetProperty("web_url").GetString());
        Assert.Contains("/project/widgets/patch/", gadget.GetProperty("related")[0].GetProperty("web_url").GetString());
    }

    [Fact]
    public async Task Patch_MemberOfRelationWithPatchNotMaintained_403()
    {
        await AddMaintainerAsync("gadgets");
        await RelateAsync(1, "[17]");
        await RemoveMaintainerAsync("gadgets");

        // Leaving and adding both touch the relation, which holds a gadgets patch.
        var (leave, _) = await RelateAsync(1, "[]");
        var (add, _) = await RelateAsync(1, "[3]");

        Assert.Equal(403, (int)leave.StatusCode);
        Assert.Equal(403, (int)add.StatusCode);
        Assert.Equal([17L], await RelatedOfAsync(1));
    }

    [Fact]
    public async Task Patch_EmptyListOnRelationOfTwo_DissolvesIt_WithoutEvents()
    {
        await RelateAsync(1, "[2]");

        var (patched, body) = await RelateAsync(1, "[]");
        var (_, events) = await Server.GetAsync("/api/events/?category=patch-relation-changed");

        Assert.Equal(200, (int)patched.StatusCode);
        // A PATCH answer of a patch in no relation has no related key (DRF's partial update, capture 32).
        Assert.False(body.TryGetProperty("related", out _));
        Assert.Empty(await RelatedOfAsync(1));
        Assert.Empty(await RelatedOfAsync(2));
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM patch_relations"));
        // Patchwork deletes the relation with one UPDATE that bypasses its save hook: only the two events of joining remain.
        Assert.Equal(2, events.GetArrayLength());
    }

    [Fact]
    public async Task Patch_EmptyListOnRelationOfThree_OnlyThatPatchLeaves_WithEvent()
    {
        await RelateAsync(1, "[2, 3]");

        var (response, _) = await RelateAsync(2, "[]");
        var (_, events) = await Server.GetAsync("/api/events/?category=patch-relation-changed&patch=2");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Empty(await RelatedOfAsync(2));
        Assert.Equal([3L], await RelatedOfAsync(1));
        Assert.Equal([1L], await RelatedOfAsync(3));
        var newest = events[0];
        Assert.Equal("maint", newest.GetProperty("actor").GetProperty("username").GetString());
        Assert.Equal(2, events.GetArrayLength());
    }

    [Fact]
    public async Task Patch_EmptyListOnPatchInNoRelation_200NothingChanges()
    {
        var (response, body) = await RelateAsync(5, "[]");
        var (_, events) = await Server.GetAsync("/api/events/?category=patch-relation-changed");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.False(body.TryGetProperty("related", out _));
        Assert.Equal(0, events.GetArrayLength());
    }

    [Fact]
    public async Task Patch_ExtendThroughNewAndThroughOld_OneRelation()
    {
        await RelateAsync(1, "[2]");

        var (throughNew, _) = await RelateAsync(3, "[1]");
        var (throughOld, _) = await RelateAsync(2, "[4, 5]");

        Assert.Equal(200, (int)throughNew.StatusCode);
        Assert.Equal(200, (int)throughOld.StatusCode);
        Assert.Equal([1L, 2L, 3L, 4L], await RelatedOfAsync(5));
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(DISTINCT relation_id) FROM patch_relation_members"));
    }

    [Fact]
    public async Task Patch_NamingAMemberAgain_ChangesNothing()
    {
        await RelateAsync(1, "[2, 3]");
        var (_, eventsBefore) = await Server.GetAsync("/api/events/?category=patch-relation-changed");

        // Patchwork's "remove one patch ... bad" case: naming a patch that stays is adding it again.
        var (response, body) = await RelateAsync(2, "[2]");
        var (_, eventsAfter) = await Server.GetAsync("/api/events/?category=patch-relation-changed");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal([1L, 3L], RelatedIds(body));
        Assert.Equal(eventsBefore.GetArrayLength(), eventsAfter.GetArrayLength());
    }

    [Fact]
    public async Task Patch_PatchInAnotherRelation_409AndNothingChanges()
    {
        await RelateAsync(1, "[2]");
        await RelateAsync(3, "[4]");
        var before = await DatabaseFingerprint.ReadAsync(Data.Database, CancellationToken.None);

        var (oneWay, body) = await RelateAsync(1, "[3]");
        var (otherWay, _) = await RelateAsync(3, "[1]");
        // A patch in no relation naming patches of two relations is the same conflict.
        var (bridge, _) = await RelateAsync(5, "[2, 4]");
        var (withState, _) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/1/", "{\"state\":\"accepted\",\"related\":[4]}", Data.MaintainerToken);

        Assert.Equal(409, (int)oneWay.StatusCode);
        Assert.Equal(
            "At least one patch is already part of another relation. You have to explicitly remove a patch from its existing relation before moving it to this one.",
            body.GetProperty("detail").GetString());
        Assert.Equal(409, (int)otherWay.StatusCode);
        Assert.Equal(409, (int)bridge.StatusCode);
        Assert.Equal(409, (int)withState.StatusCode);
        Assert.Equal(before, await DatabaseFingerprint.ReadAsync(Data.Database, CancellationToken.None));
    }

    [Fact]
    public async Task Patch_SelfOnly_MakesRelationOfOne_WhichThenConflicts()
    {
        // Patchwork puts a patch that names only itself in a relation of its own; the answer shows
        // related (empty), and another relation can no longer take the patch in.
        var (self, body) = await RelateAsync(1, "[1]");
        await RelateAsync(2, "[3]");
        var (conflict, _) = await RelateAsync(2, "[1]");
        var (joined, _) = await RelateAsync(4, "[1]");

        Assert.Equal(200, (int)self.StatusCode);
        Assert.Equal(0, body.GetProperty("related").GetArrayLength());
        Assert.Equal(409, (int)conflict.StatusCode);
        Assert.Equal(200, (int)joined.StatusCode);
        Assert.Equal([4L], await RelatedOfAsync(1));
    }

    [Fact]
    public async Task Events_JoiningPatches_PatchworksPayloadAndActors()
    {
        await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/1/", "{\"related\":[2, 3],\"state\":\"accepted\"}", Data.MaintainerToken);

        var (_, events) = await Server.GetAsync("/api/events/?project=widgets&category=patch-relation-changed");
        var (_, all) = await Server.GetAsync("/api/events/?project=widgets&per_page=4");
        var (_, old) = await Server.GetAsync("/api/1.1/events/?category=patch-relation-changed");

        // Newest first: the edited patch (saved last, with the caller), then the named ones (no actor in Patchwork).
        Assert.Equal([1L, 3L, 2L], events.EnumerateArray().Select(e => e.GetProperty("payload").GetProperty("patch").GetProperty("id").GetInt64()));
        var payload = events[0].GetProperty("payload");
        Assert.Equal(["patch", "previous_relation", "current_relation"], payload.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, payload.GetProperty("previous_relation").ValueKind);
        Assert.Equal(JsonValueKind.Null, payload.GetProperty("current_relation").ValueKind);
        Assert.Equal("maint", events[0].GetProperty("actor").GetProperty("username").GetString());
        Assert.Equal(JsonValueKind.Null, events[1].GetProperty("actor").ValueKind);
        Assert.Equal(["id", "category", "project", "date", "actor", "payload"], events[0].EnumerateObject().Select(p => p.Name));
        // The state change is saved after the relation, so it is the newest event.
        Assert.Equal("patch-state-changed", all[0].GetProperty("category").GetString());
        Assert.Equal(3, old.GetArrayLength());
        Assert.False(old[0].TryGetProperty("actor", out _));
    }

    [Fact]
    public async Task Events_CachedCountsMatchTheRows()
    {
        await RelateAsync(1, "[2, 3]");
        await RelateAsync(2, "[]");
        await RelateAsync(4, "[5]");
        await RelateAsync(4, "[]");

        var (response, events) = await Server.GetAsync("/api/events/?project=widgets&category=patch-relation-changed&per_page=2&page=last");

        var real = await ScalarAsync("SELECT COUNT(*) FROM events WHERE category = 'patch-relation-changed'");
        Assert.Equal(real, await ScalarAsync("SELECT n FROM row_counts WHERE project_id = 1 AND kind = 'event:patch-relation-changed'"));
        Assert.Equal(await ScalarAsync("SELECT COUNT(*) FROM events WHERE project_id = 1"), await ScalarAsync("SELECT n FROM row_counts WHERE project_id = 1 AND kind = 'event'"));
        Assert.Equal(6L, real);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(2, events.GetArrayLength());
    }

    [Theory]
    [InlineData("5", "Expected a list of items but got type \"int\".")]
    [InlineData("1.5", "Expected a list of items but got type \"float\".")]
    [InlineData("\"2\"", "Expected a list of items but got type \"str\".")]
    [InlineData("true", "Expected a list of items but got type \"bool\".")]
    [InlineData("null", "This field may not be null.")]
    [InlineData("[99999]", "Invalid pk \"99999\" - object does not exist.")]
    [InlineData("[0]", "Invalid pk \"0\" - object does not exist.")]
    [InlineData("[99999999999999999999999]", "Invalid pk \"99999999999999999999999\" - object does not exist.")]
    [InlineData("[null]", "Invalid pk \"None\" - object does not exist.")]
    [InlineData("[\"abc\"]", "Incorrect type. Expected pk value, received str.")]
    [InlineData("[\"\"]", "Incorrect type. Expected pk value, received str.")]
    [InlineData("[true]", "Incorrect type. Expected pk value, received bool.")]
    [InlineData("[[2]]", "Incorrect type. Expected pk value, received list.")]
    [InlineData("[{\"id\":2}]", "Incorrect type. Expected pk value, received dict.")]
    [InlineData("[99999.5]", "Invalid pk \"99999.5\" - object does not exist.")]
    [InlineData("[1e400]", "Invalid pk \"inf\" - object does not exist.")]
    [InlineData("[2, 99999, \"abc\"]", "Invalid pk \"99999\" - object does not exist.")]
    [InlineData("[2, \"abc\", 99999]", "Incorrect type. Expected pk value, received str.")]
    public async Task Patch_BadRelated_400WithDrfMessageAndNothingChanges(string related, string message)
    {
        var before = await DatabaseFingerprint.ReadAsync(Data.Database, CancellationToken.None);

        var (response, body) = await RelateAsync(1, related);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(message, Assert.Single(body.GetProperty("related").EnumerateArray()).GetString());
        Assert.Equal(before, await DatabaseFingerprint.ReadAsync(Data.Database, CancellationToken.None));
    }

    [Theory]
    [InlineData("[\"2\", \" 3 \"]")]
    [InlineData("[2.9, \"+3\"]")]
    [InlineData("{\"2\": 0, \"3\": 0}")]
    [InlineData("[2, 3, 2]")]
    public async Task Patch_IdsAsDjangoReadsThem_Accepted(string related)
    {
        // Django looks a primary key up with int(value): numeric strings, truncated floats, and (Python
        // iterating a dict over its keys) an object's names.
        var (response, body) = await RelateAsync(1, related);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal([2L, 3L], RelatedIds(body));
    }

    [Fact]
    public async Task Patch_FormBody_RepeatedField_IsTheList()
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/api/patches/1/")
        {
            Content = new FormUrlEncodedContent([new("related", "2"), new("related", "3")]),
        };

        var (response, body) = await Server.SendAsync(request, Data.MaintainerToken);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal([2L, 3L], RelatedIds(body));
    }

    [Fact]
    public async Task Patch_OldApiVersions_WriteRelated_ButDoNotShowIt()
    {
        // Patchwork's versioning only drops fields from answers: a 1.1 request still writes related.
        var (response, body) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/1.1/patches/1/", "{\"related\":[2]}", Data.MaintainerToken);
        var (_, old) = await Server.GetAsync("/api/1.0/patches/?project=widgets&per_page=2");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.False(body.TryGetProperty("related", out _));
        Assert.All(old.EnumerateArray(), p => Assert.False(p.TryGetProperty("related", out _)));
        Assert.Equal([2L], await RelatedOfAsync(1));
    }

    [Fact]
    public async Task Put_WithoutRelated_LeavesTheRelation_AndNeedsAMaintainer()
    {
        // A full update fills in related's default, []: the patch leaves its relation, which needs a maintainer.
        await RelateAsync(1, "[2, 3]");

        var (submitter, submitterBody) = await Server.SendJsonAsync(HttpMethod.Put, "/api/patches/1/", "{\"state\":\"rfc\",\"delegate\":null}", Data.SubmitterToken);
        var (maintainer, body) = await Server.SendJsonAsync(HttpMethod.Put, "/api/patches/1/", "{\"state\":\"rfc\",\"delegate\":null}", Data.MaintainerToken);
        var (keep, kept) = await Server.SendJsonAsync(HttpMethod.Put, "/api/patches/2/", "{\"state\":\"rfc\",\"delegate\":null,\"related\":[3]}", Data.MaintainerToken);

        Assert.Equal(403, (int)submitter.StatusCode);
        Assert.Equal("At least one patch is part of a project you are not maintaining.", submitterBody.GetProperty("detail").GetString());
        Assert.Equal(200, (int)maintainer.StatusCode);
        Assert.Equal(0, body.GetProperty("related").GetArrayLength());
        Assert.Equal("rfc", body.GetProperty("state").GetString());
        Assert.Equal(200, (int)keep.StatusCode);
        Assert.Equal([3L], RelatedIds(kept));
    }

    [Fact]
    public async Task Patch_AnswerOfPatchInRelation_HasPatchworksKeysWithRelated()
    {
        await RelateAsync(1, "[2]");

        var (_, body) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/1.3/patches/2/", "{\"state\":\"accepted\"}", Data.MaintainerToken);

        Assert.Equal(
            ["id", "url", "web_url", "project", "msgid", "list_archive_url", "date", "name", "commit_ref", "pull_url", "state", "archived", "hash", "submitter",
             "delegate", "mbox", "series", "comments", "check", "checks", "tags", "related", "headers", "content", "diff", "prefixes"],
            body.EnumerateObject().Select(p => p.Name));
        Assert.Equal([1L], RelatedIds(body));
    }

    [Fact]
    public async Task ETag_ListOfEveryProjectInTheRelation_Changes()
    {
        await AddMaintainerAsync("gadgets");
        await RelateAsync(1, "[17]");
        var (first, _) = await Server.GetAsync("/api/patches/?project=gadgets&per_page=5");

        // Patch 3 (widgets) joins through patch 1; patch 17's page (gadgets) shows the newcomer too.
        await RelateAsync(3, "[1]");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/patches/?project=gadgets&per_page=5");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var (response, page) = await Server.SendAsync(again);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal([1L, 3L], RelatedIds(page.EnumerateArray().First(p => p.GetProperty("id").GetInt64() == 17)));
    }

    [Fact]
    public async Task Patch_ConcurrentRelationWrites_NoErrorAndEveryJoinHasOneEvent()
    {
        var writes = Enumerable.Range(1, 12).Select(i => RelateAsync(i, $"[{(i % 12) + 1}]"));

        var results = await Task.WhenAll(writes);

        Assert.All(results, r => Assert.Contains((int)r.Response.StatusCode, new[] { 200, 409 }));
        var members = await ScalarAsync("SELECT COUNT(*) FROM patch_relation_members");
        Assert.Equal(members, await ScalarAsync("SELECT COUNT(*) FROM events WHERE category = 'patch-relation-changed'"));
        Assert.True(members >= 2);
    }

    private Task<(HttpResponseMessage Response, JsonElement Body)> RelateAsync(long id, string related) =>
        Server.SendJsonAsync(HttpMethod.Patch, $"/api/patches/{id}/", $"{{\"related\":{related}}}", Data.MaintainerToken);

    private async Task<IReadOnlyList<long>> RelatedOfAsync(long id)
    {
        var (_, body) = await Server.GetAsync($"/api/patches/{id}/");
        return RelatedIds(body);
    }

    private static long[] RelatedIds(JsonElement patch) =>
        patch.GetProperty("related").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).Order().ToArray();

    private async Task AddMaintainerAsync(string project)
    {
        await using var connection = await Data.Database.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(
            "INSERT INTO maintainers (project_id, user_id) SELECT id, @user FROM projects WHERE linkname = @project", new { user = Data.MaintainerId, project });
    }

    private async Task RemoveMaintainerAsync(string project)
    {
        await using var connection = await Data.Database.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(
            "DELETE FROM maintainers WHERE user_id = @user AND project_id = (SELECT id FROM projects WHERE linkname = @project)", new { user = Data.MaintainerId, project });
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await Data.Database.OpenConnectionAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
