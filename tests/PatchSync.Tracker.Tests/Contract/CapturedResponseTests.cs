using System.Text.Json;
using PatchSync.Tracker.Json;
using PatchSync.Tracker.Paging;
using PatchSync.Tracker.Tests.Fakes;
using Xunit.Abstractions;

namespace PatchSync.Tracker.Tests.Contract;

/// <summary>
/// The client against responses captured from a real Patchwork 3.1.3. Each test returns early, saying so,
/// when ../shared/fixtures is absent (it exists for developers and in CI).
/// </summary>
public sealed class CapturedResponseTests(ITestOutputHelper output)
{
    private bool Skip()
    {
        if (CapturedPatchwork.Available)
        {
            return false;
        }

        output.WriteLine(Testing.SharedFixtures.MissingMessage);
        return true;
    }

    private static T Parse<T>(string bodyFile) =>
        (T)JsonSerializer.Deserialize(CapturedPatchwork.Read(bodyFile), PatchworkContentSerializer.Options.GetTypeInfo(typeof(T)))!;

    [Theory]
    [InlineData("07-patches-project-page1.json")]
    [InlineData("14-patches-since.json")]
    [InlineData("15-patches-state-filter.json")]
    [InlineData("16-patches-archived-delegate.json")]
    [InlineData("18-patches-order-desc-date.json")]
    [InlineData("55-patches-per-page-over-max.json")]
    public void Parse_CapturedPatchLists_GiveBareMessageIdsAndUtcDates(string bodyFile)
    {
        if (Skip())
        {
            return;
        }

        var patches = Parse<List<Patch>>(bodyFile);

        Assert.NotEmpty(patches);
        Assert.All(patches, p =>
        {
            Assert.StartsWith("<", p.MsgId, StringComparison.Ordinal);
            Assert.DoesNotContain('<', p.MessageId);
            Assert.Equal(DateTimeKind.Utc, p.Date.Kind);
            Assert.False(string.IsNullOrEmpty(p.State));
            Assert.Equal("testproj", p.Project.LinkName);
        });
    }

    [Theory]
    [InlineData("11-patch-detail.json")]
    [InlineData("12-patch-detail-v1.3.json")]
    [InlineData("13-patch-detail-binary.json")]
    [InlineData("32-patch-update-accepted.json")]
    public void Parse_CapturedPatchDetails_ReadContentAndHeaders(string bodyFile)
    {
        if (Skip())
        {
            return;
        }

        var patch = Parse<Patch>(bodyFile);

        Assert.NotNull(patch.Headers);
        Assert.True(patch.Headers.ContainsKey("Message-Id") || patch.Headers.ContainsKey("Message-ID"));
        Assert.NotNull(patch.Prefixes);
    }

    [Theory]
    [InlineData("43-events-state-changed.json")]
    [InlineData("44-events-state-changed-project.json")]
    [InlineData("45-events-all-per-page-5.json")]
    [InlineData("46-events-since.json")]
    public void Parse_CapturedEvents_ReadPayloads(string bodyFile)
    {
        if (Skip())
        {
            return;
        }

        var events = Parse<List<Event>>(bodyFile);

        Assert.NotEmpty(events);
        Assert.All(events.Where(e => e.Category == EventCategories.PatchStateChanged), e =>
        {
            Assert.NotNull(e.Payload.Patch);
            Assert.False(string.IsNullOrEmpty(e.Payload.CurrentState));
            Assert.NotEqual(e.Payload.PreviousState, e.Payload.CurrentState);
        });
    }

    [Fact]
    public void ParseLink_CapturedFirstPage_Gives29Pages()
    {
        if (Skip())
        {
            return;
        }

        var header = File.ReadAllLines(Path.Combine(CapturedPatchwork.Folder!, "07-patches-project-page1.headers"))
            .Single(l => l.StartsWith("Link:", StringComparison.Ordinal))["Link:".Length..];

        var links = LinkHeader.Parse([header]);

        Assert.Equal(29, links.LastPage);
        Assert.Equal(2, LinkHeader.PageOf(links.Next!));
    }

    [Fact]
    public async Task Client_CapturedServer_DiscoversListsAndReadsDetail()
    {
        if (Skip())
        {
            return;
        }

        using var mock = new MockTracker();
        CapturedPatchwork.Serve(mock, "01-", "02-", "06-", "12-", "55-");
        using var client = TestClients.Create(mock.Url);

        Assert.Equal("1.3", await client.DiscoverAsync());
        var project = await client.GetProjectAsync("testproj");
        var patches = await client.ListPatchesAsync(new PatchQuery { Project = "testproj", Order = "id", Paging = PagingMode.Pages }).ToListAsync();
        var detail = await client.GetPatchAsync(59);

        Assert.Equal(2, project.Id);
        Assert.Equal(143, patches.Count);
        Assert.Equal(patches.Select(p => p.Id).Order(), patches.Select(p => p.Id));
        Assert.Equal(59, detail.Id);
    }

    [Fact]
    public async Task UpdatePatchAsync_CapturedRefusals_GiveTypedErrors()
    {
        if (Skip())
        {
            return;
        }

        using var noToken = new MockTracker();
        CapturedPatchwork.Serve(noToken, "33-");
        using var plainUser = new MockTracker();
        CapturedPatchwork.Serve(plainUser, "34-");
        using var badState = new MockTracker();
        CapturedPatchwork.Serve(badState, "35-");
        using var missing = new MockTracker();
        CapturedPatchwork.Serve(missing, "40-");

        using var c1 = TestClients.Create(noToken.Url, o => o.ApiVersion = "1.3");
        using var c2 = TestClients.Create(plainUser.Url, o => { o.ApiVersion = "1.3"; o.Token = "plain"; });
        using var c3 = TestClients.Create(badState.Url, o => { o.ApiVersion = "1.3"; o.Token = "maint"; });
        using var c4 = TestClients.Create(missing.Url, o => { o.ApiVersion = "1.3"; o.Token = "maint"; });
        var accept = new PatchUpdate { State = "accepted" };

        var e1 = await Assert.ThrowsAsync<TrackerAuthException>(() => c1.UpdatePatchAsync(142, accept));
        var e2 = await Assert.ThrowsAsync<TrackerAuthException>(() => c2.UpdatePatchAsync(142, accept));
        var e3 = await Assert.ThrowsAsync<TrackerBadRequestException>(() => c3.UpdatePatchAsync(141, new PatchUpdate { State = "no-such-state" }));
        var e4 = await Assert.ThrowsAsync<TrackerNotFoundException>(() => c4.UpdatePatchAsync(999999, accept));

        Assert.Equal(TrackerAuthFailure.MissingToken, e1.Failure);
        Assert.Equal(TrackerAuthFailure.NotPermitted, e2.Failure);
        Assert.Contains("Invalid state no-such-state. Expected one of: new, under-review,", e3.Message, StringComparison.Ordinal);
        Assert.Contains("patches/999999/", e4.Message, StringComparison.Ordinal);
    }
}
