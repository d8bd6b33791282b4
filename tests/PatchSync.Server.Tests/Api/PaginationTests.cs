using System.Text.Json;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Api;

/// <summary>page/per_page, Link headers, invalid pages and the keyset continuation of deep pages.</summary>
public sealed class PaginationTests(ServerWithData fixture) : IClassFixture<ServerWithData>
{
    private ApiServer Server => fixture.Server;

    [Fact]
    public async Task List_FollowingNextLinks_VisitsEveryPatchOnceInIdOrder()
    {
        var ids = new List<long>();
        string? next = "/api/patches/?project=widgets&per_page=3";
        var pages = 0;
        while (next is not null)
        {
            var (response, body) = await Server.GetAsync(next);
            Assert.Equal(200, (int)response.StatusCode);
            ids.AddRange(body.EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));
            next = LinkHeaders.Of(response).Where(l => l.Rel == "next").Select(l => l.Url).FirstOrDefault();
            pages++;
        }

        Assert.Equal(16, ids.Count);
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(6, pages);
    }

    [Fact]
    public async Task List_SamePageByOffsetAndAfterKeyset_ReturnsSameRows()
    {
        // Page 3 first cold (OFFSET), then after page 2 was served (keyset boundary cached).
        var (_, cold) = await Server.GetAsync("/api/patches/?project=gadgets&order=-date&per_page=4&page=3");
        await Server.GetAsync("/api/patches/?project=gadgets&order=-date&per_page=4&page=2");
        var (_, warm) = await Server.GetAsync("/api/patches/?project=gadgets&order=-date&per_page=4&page=3");

        Assert.Equal(Ids(cold), Ids(warm));
        Assert.Equal(4, Ids(warm).Count);
    }

    [Theory]
    [InlineData("per_page=1000", 16)]
    [InlineData("per_page=0", 16)]
    [InlineData("per_page=abc", 16)]
    [InlineData("per_page=7", 7)]
    public async Task List_PerPage_CappedOrDefaulted(string query, int expected)
    {
        var (_, body) = await Server.GetAsync("/api/patches/?project=widgets&" + query);

        Assert.Equal(expected, body.GetArrayLength());
    }

    [Theory]
    [InlineData("page=5")]
    [InlineData("page=0")]
    [InlineData("page=abc")]
    public async Task List_PageOutOfRange_Returns404InvalidPage(string query)
    {
        var (response, body) = await Server.GetAsync("/api/patches/?project=widgets&per_page=5&" + query);

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("{\"detail\":\"Invalid page.\"}", body.GetRawText());
    }

    [Fact]
    public async Task List_PageLast_ServesLastPage()
    {
        var (response, body) = await Server.GetAsync("/api/patches/?project=widgets&per_page=5&page=last");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(1, body.GetArrayLength());
        Assert.Equal(["prev", "first", "last"], LinkHeaders.Of(response).Select(l => l.Rel));
    }

    [Fact]
    public async Task List_EmptyResult_HasFirstAndLastToPageOne()
    {
        var (response, body) = await Server.GetAsync("/api/patches/?project=widgets&state=accepted");

        Assert.Equal(0, body.GetArrayLength());
        var links = LinkHeaders.Of(response);
        Assert.Equal(["first", "last"], links.Select(l => l.Rel));
        Assert.All(links, l => Assert.Contains("page=1", l.Url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_LinkParams_SortedAndQuotedLikeDjango()
    {
        var (response, _) = await Server.GetAsync("/api/patches/?since=2025-03-01T00:00:00&project=widgets&per_page=2&order=date");

        var next = LinkHeaders.Of(response)[0];
        Assert.Equal("next", next.Rel);
        Assert.Equal(Server.BaseUrl + "api/patches/?order=date&page=2&per_page=2&project=widgets&since=2025-03-01T00%3A00%3A00", next.Url);
    }

    [Fact]
    public async Task List_EveryResponse_HasServerTiming()
    {
        var (response, _) = await Server.GetAsync("/api/patches/?project=widgets");

        var timing = string.Join(",", response.Headers.GetValues("Server-Timing"));
        Assert.Contains("db;dur=", timing, StringComparison.Ordinal);
        Assert.Contains("count;dur=", timing, StringComparison.Ordinal);
        Assert.Contains("serialize;dur=", timing, StringComparison.Ordinal);
    }

    private static List<long> Ids(JsonElement body) => body.EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ToList();
}
