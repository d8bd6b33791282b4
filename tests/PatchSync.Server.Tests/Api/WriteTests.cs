using System.Text.Json;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Api;

/// <summary>
/// PATCH on patches and POST on checks: permissions, validation, events, ETag changes. On SQLite here;
/// <c>PostgresWriteTests</c> runs the same tests on PostgreSQL, where common PATCHes take a one-statement path.
/// </summary>
public class WriteTests : IAsyncLifetime
{
    private ServerWithData _fixture = null!;

    private protected ApiServer Server => _fixture.Server;

    private protected TestData Data => _fixture.Data;

    public Task InitializeAsync()
    {
        _fixture = new ServerWithData(CreateDataAsync);
        return _fixture.InitializeAsync();
    }

    public Task DisposeAsync() => _fixture.DisposeAsync();

    /// <summary>The database the tests run on.</summary>
    private protected virtual Task<TestData> CreateDataAsync() => TestData.CreateSqliteAsync();

    [Fact]
    public async Task Patch_MaintainerChangesState_ReturnsFullDetailAndWritesEvent()
    {
        var (response, body) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/1.3/patches/2/", "{\"state\":\"Under Review\"}", Data.MaintainerToken);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("under-review", body.GetProperty("state").GetString());
        Assert.True(body.TryGetProperty("diff", out _));
        var (_, events) = await Server.GetAsync("/api/1.3/events/?project=widgets&category=patch-state-changed");
        var e = Assert.Single(events.EnumerateArray());
        Assert.Equal(2, e.GetProperty("payload").GetProperty("patch").GetProperty("id").GetInt64());
        Assert.Equal("new", e.GetProperty("payload").GetProperty("previous_state").GetString());
        Assert.Equal("under-review", e.GetProperty("payload").GetProperty("current_state").GetString());
        Assert.Equal("maint", e.GetProperty("actor").GetProperty("username").GetString());
    }

    [Fact]
    public async Task Patch_SameStateAgain_WritesNoSecondEvent()
    {
        await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/2/", "{\"state\":\"accepted\"}", Data.MaintainerToken);
        await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/2/", "{\"state\":\"accepted\"}", Data.MaintainerToken);

        var (_, events) = await Server.GetAsync("/api/events/?category=patch-state-changed");
        Assert.Single(events.EnumerateArray());
    }

    [Fact]
    public async Task Patch_DelegateAndArchive_WritesDelegatedEventAndMovesCounts()
    {
        var (response, body) = await Server.SendJsonAsync(
            HttpMethod.Patch, "/api/patches/3/", $"{{\"delegate\":{Data.MaintainerId},\"archived\":true}}", Data.MaintainerToken);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("maint", body.GetProperty("delegate").GetProperty("username").GetString());
        Assert.True(body.GetProperty("archived").GetBoolean());
        var (_, events) = await Server.GetAsync("/api/events/?category=patch-delegated");
        var payload = Assert.Single(events.EnumerateArray()).GetProperty("payload");
        Assert.Equal(JsonValueKind.Null, payload.GetProperty("previous_delegate").ValueKind);
        Assert.Equal("maint", payload.GetProperty("current_delegate").GetProperty("username").GetString());
        var (_, archived) = await Server.GetAsync("/api/patches/?project=widgets&archived=true");
        Assert.Equal(3, Assert.Single(archived.EnumerateArray()).GetProperty("id").GetInt64());
        var (_, delegated) = await Server.GetAsync("/api/patches/?delegate=maint");
        Assert.Single(delegated.EnumerateArray());
    }

    [Fact]
    public async Task Patch_DelegateNotMaintainer_Returns400()
    {
        var (response, body) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/3/", $"{{\"delegate\":{Data.PlainId}}}", Data.MaintainerToken);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("User 'plain' is not a maintainer for project 'widgets'", body.GetProperty("delegate")[0].GetString());
    }

    [Fact]
    public async Task Patch_SubmitterOwnPatch_Allowed_OtherPatch_Forbidden()
    {
        // Patch 1 was sent by ada@widgets.example.org (user "ada"); patch 4 by Grace.
        var (own, _) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/1/", "{\"state\":\"rfc\"}", Data.SubmitterToken);
        var (other, body) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/4/", "{\"state\":\"rfc\"}", Data.SubmitterToken);

        Assert.Equal(200, (int)own.StatusCode);
        Assert.Equal(403, (int)other.StatusCode);
        Assert.Equal("You do not have permission to perform this action.", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Patch_MaintainerOfOtherProject_Forbidden()
    {
        // Patch 17 is in gadgets, which maint does not maintain.
        var (response, _) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/17/", "{\"state\":\"accepted\"}", Data.MaintainerToken);

        Assert.Equal(403, (int)response.StatusCode);
    }

    [Fact]
    public async Task Patch_ConcurrentUpdates_AllSucceedAndCountsStayExact()
    {
        var updates = Enumerable.Range(1, 16).Select(id =>
            Server.SendJsonAsync(HttpMethod.Patch, $"/api/patches/{id}/", id % 2 == 0 ? "{\"state\":\"accepted\"}" : "{\"archived\":true}", Data.MaintainerToken));

        var results = await Task.WhenAll(updates);

        Assert.All(results, r => Assert.Equal(200, (int)r.Response.StatusCode));
        var (_, accepted) = await Server.GetAsync("/api/patches/?project=widgets&state=accepted&per_page=100");
        var (_, archived) = await Server.GetAsync("/api/patches/?project=widgets&archived=true&per_page=100");
        var (_, events) = await Server.GetAsync("/api/events/?project=widgets&category=patch-state-changed&per_page=100");
        Assert.Equal(8, accepted.GetArrayLength());
        Assert.Equal(8, archived.GetArrayLength());
        Assert.Equal(8, events.GetArrayLength());
    }

    [Fact]
    public async Task ETag_UsersList_ChangesWhenUserAdded()
    {
        var (first, _) = await Server.GetAsync("/api/users/", Data.MaintainerToken);
        await new PatchSync.Server.Data.Stores.UserStore(Data.Database).AddAsync("newcomer", null, null, CancellationToken.None);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/users/");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var (response, body) = await Server.SendAsync(again, Data.MaintainerToken);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains(body.EnumerateArray(), u => u.GetProperty("username").GetString() == "newcomer");
    }

    [Fact]
    public async Task CommentDetail_MaintainerMarksAddressed_ShownInList()
    {
        var (_, list) = await Server.GetAsync("/api/patches/1/comments/");
        var id = list[0].GetProperty("id").GetInt64();

        var (anonymous, _) = await Server.SendJsonAsync(HttpMethod.Patch, $"/api/patches/1/comments/{id}/", "{\"addressed\":true}");
        var (plain, _) = await Server.SendJsonAsync(HttpMethod.Patch, $"/api/patches/1/comments/{id}/", "{\"addressed\":true}", Data.PlainToken);
        var (updated, comment) = await Server.SendJsonAsync(HttpMethod.Patch, $"/api/1.3/patches/1/comments/{id}/", "{\"addressed\":true}", Data.MaintainerToken);
        var (old, _) = await Server.GetAsync($"/api/1.2/patches/1/comments/{id}/");
        var (_, after) = await Server.GetAsync("/api/patches/1/comments/");

        Assert.Equal(403, (int)anonymous.StatusCode);
        Assert.Equal(403, (int)plain.StatusCode);
        Assert.Equal(200, (int)updated.StatusCode);
        Assert.True(comment.GetProperty("addressed").GetBoolean());
        Assert.Equal($"{Server.BaseUrl}api/1.3/patches/1/comments/{id}/", comment.GetProperty("url").GetString());
        Assert.Equal(404, (int)old.StatusCode);
        Assert.True(after[0].GetProperty("addressed").GetBoolean());
    }

    [Fact]
    public async Task Head_OnList_SameHeadersNoBody()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, "/api/patches/?project=widgets&per_page=5");

        var response = await Server.Client.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(["next", "first", "last"], LinkHeaders.Of(response).Select(l => l.Rel));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Post_OnPatchList_Returns405()
    {
        var (response, body) = await Server.SendJsonAsync(HttpMethod.Post, "/api/patches/", "{}", Data.MaintainerToken);

        Assert.Equal(405, (int)response.StatusCode);
        Assert.Equal("Method \"POST\" not allowed.", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Check_Create_Returns201AndChangesCombinedCheck()
    {
        var (created, check) = await Server.SendJsonAsync(
            HttpMethod.Post, "/api/1.3/patches/5/checks/", "{\"state\":\"fail\",\"context\":\"ci-build\",\"target_url\":\"https://ci.example.org/1\"}", Data.MaintainerToken);
        var (_, patch) = await Server.GetAsync("/api/patches/5/");
        var (_, events) = await Server.GetAsync("/api/events/?category=check-created");

        Assert.Equal(201, (int)created.StatusCode);
        Assert.Equal("ci-build", check.GetProperty("context").GetString());
        Assert.Equal("fail", patch.GetProperty("check").GetString());
        Assert.Equal("fail", Assert.Single(events.EnumerateArray()).GetProperty("payload").GetProperty("check").GetProperty("state").GetString());
    }

    [SharedFixtureFact]
    public async Task Writes_EventsAndCheck_HaveRealServerShapes()
    {
        await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/6/", $"{{\"state\":\"accepted\",\"delegate\":{Data.MaintainerId}}}", Data.MaintainerToken);
        var (_, check) = await Server.SendJsonAsync(HttpMethod.Post, "/api/1.3/patches/6/checks/", "{\"state\":\"success\",\"context\":\"ci-build\"}", Data.MaintainerToken);
        var (_, events) = await Server.GetAsync("/api/1.3/events/?per_page=5");
        var real = RealCapture.Load("45-events-all-per-page-5").Body;

        Assert.Empty(JsonShape.Differences(RealCapture.Load("53-check-create").Body, check));
        foreach (var category in new[] { "patch-state-changed", "patch-delegated" })
        {
            var expected = real.EnumerateArray().First(e => e.GetProperty("category").GetString() == category);
            var actual = events.EnumerateArray().First(e => e.GetProperty("category").GetString() == category);
            Assert.Empty(JsonShape.Differences(expected, actual));
        }
    }

    [Fact]
    public async Task ETag_UnchangedList_Returns304_ChangedList_Returns200()
    {
        const string path = "/api/patches/?project=widgets&state=new";
        var (first, _) = await Server.GetAsync(path);
        var etag = first.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(etag);
        var (notModified, _) = await Server.SendAsync(again);
        await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/7/", "{\"state\":\"accepted\"}", Data.MaintainerToken);
        using var afterChange = new HttpRequestMessage(HttpMethod.Get, path);
        afterChange.Headers.IfNoneMatch.Add(etag);
        var (changed, body) = await Server.SendAsync(afterChange);

        Assert.Equal(304, (int)notModified.StatusCode);
        Assert.Equal(200, (int)changed.StatusCode);
        Assert.Equal(15, body.GetArrayLength());
        Assert.NotEqual(etag, changed.Headers.ETag);
    }
}
