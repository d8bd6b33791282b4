using PatchSync.Tracker.Tests.Fakes;

namespace PatchSync.Tracker.Tests.Http;

/// <summary>
/// The PATCH request on the wire, and the check of its answer. Real Patchwork reads a chunked body as
/// empty and answers 200 with the patch unchanged (fixture 58), so both sides matter.
/// </summary>
public sealed class PatchUpdateTests
{
    private const string PatchPath = "/api/1.3/patches/101/";

    [Fact]
    public async Task UpdatePatchAsync_Body_IsSentWithContentLengthAndNotChunked()
    {
        using var mock = new MockTracker();
        mock.Json(PatchPath, 200, OwnFixtures.Read("patch-detail.json"), "PATCH");
        using var client = TestClients.Create(mock.Url, o => { o.ApiVersion = "1.3"; o.Token = "t0k"; });

        await client.UpdatePatchAsync(101, new PatchUpdate { State = "accepted" });

        var request = Assert.Single(mock.Server.LogEntries).RequestMessage;
        const string body = "{\"state\":\"accepted\"}";
        Assert.Equal(body, request.Body);
        Assert.True(request.Headers!.TryGetValue("Content-Length", out var length), "no Content-Length on the PATCH: " + string.Join("; ", request.Headers.Select(h => h.Key + "=" + string.Join(",", h.Value))));
        Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), length[0]);
        Assert.False(request.Headers.ContainsKey("Transfer-Encoding"), "the PATCH body was sent chunked");
    }

    [Fact]
    public async Task UpdatePatchAsync_AnswerStillHoldsTheOldState_ThrowsNotApplied()
    {
        using var mock = new MockTracker();
        mock.Json(PatchPath, 200, OwnFixtures.Read("patch-detail.json"), "PATCH"); // state accepted
        using var client = TestClients.Create(mock.Url, o => { o.ApiVersion = "1.3"; o.Token = "t0k"; });

        var ex = await Assert.ThrowsAsync<TrackerUpdateNotAppliedException>(() => client.UpdatePatchAsync(101, new PatchUpdate { State = "rfc" }));

        Assert.Equal("patch 101: the tracker answered 200 but still holds state 'accepted' (asked 'rfc'): the change was not applied", ex.Message);
        Assert.Equal(101, ex.PatchId);
        Assert.Equal("accepted", ex.Answered?.State);
        Assert.Equal(200, ex.StatusCode);
    }

    [Fact]
    public async Task UpdatePatchAsync_ArchivedAndDelegateNotShown_NamesBoth()
    {
        using var mock = new MockTracker();
        mock.Json(PatchPath, 200, OwnFixtures.Read("patch-detail.json"), "PATCH"); // archived false, no delegate
        using var client = TestClients.Create(mock.Url, o => { o.ApiVersion = "1.3"; o.Token = "t0k"; });

        var ex = await Assert.ThrowsAsync<TrackerUpdateNotAppliedException>(
            () => client.UpdatePatchAsync(101, new PatchUpdate { State = "accepted", Archived = true, Delegate = DelegateChange.To(3) }));

        Assert.Equal(
            "patch 101: the tracker answered 200 but still holds archived false (asked true), delegate none (asked user 3): the change was not applied",
            ex.Message);
    }

    [Theory]
    [InlineData("Accepted")]
    [InlineData(" accepted ")]
    [InlineData("ACCEPTED")]
    public async Task UpdatePatchAsync_StateWrittenAsPatchworkSlugifiesIt_IsApplied(string asked)
    {
        using var mock = new MockTracker();
        mock.Json(PatchPath, 200, OwnFixtures.Read("patch-detail.json"), "PATCH");
        using var client = TestClients.Create(mock.Url, o => { o.ApiVersion = "1.3"; o.Token = "t0k"; });

        var patch = await client.UpdatePatchAsync(101, new PatchUpdate { State = asked, Archived = false, Delegate = DelegateChange.None });

        Assert.Equal("accepted", patch.State);
    }

    [Theory]
    [InlineData("Under Review", "under-review")]
    [InlineData("under review", "under-review")]
    [InlineData("Changes  Requested", "changes-requested")]
    [InlineData("-RFC-", "rfc")]
    [InlineData("Not Applicable", "not-applicable")]
    public void Slugify_StateNames_GivePatchworkSlugs(string name, string slug) =>
        Assert.Equal(slug, PatchUpdateCheck.Slugify(name));
}
