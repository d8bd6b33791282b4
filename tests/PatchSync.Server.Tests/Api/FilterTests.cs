using System.Text.Json;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Api;

/// <summary>List filters and orders on /patches/, /covers/, /series/, /events/, /projects/, /people/ and /users/.</summary>
public sealed class FilterTests(ServerWithData fixture) : IClassFixture<ServerWithData>
{
    private ApiServer Server => fixture.Server;

    private TestData Data => fixture.Data;

    [Theory]
    [InlineData("project=widgets", 16)]
    [InlineData("project=WIDGETS", 16)]
    [InlineData("project=1", 16)]
    [InlineData("project=gadgets&project=widgets", 16)]
    [InlineData("", 32)]
    [InlineData("project=widgets&state=new", 16)]
    [InlineData("project=widgets&state=under-review", 0)]
    [InlineData("project=widgets&archived=false", 16)]
    [InlineData("project=widgets&archived=true", 0)]
    [InlineData("project=widgets&submitter=ada@widgets.example.org", 6)]
    [InlineData("project=widgets&submitter=ADA@widgets.example.org", 6)]
    [InlineData("project=widgets&since=2025-03-07T00:00:00", 11)]
    [InlineData("project=widgets&before=2025-03-07T00:00:00", 5)]
    [InlineData("project=widgets&q=gear", 2)]
    [InlineData("project=widgets&q=adjust%20gear", 2)]
    [InlineData("project=widgets&series=1", 3)]
    [InlineData("project=no-such-project", 0)]
    [InlineData("project=widgets&state=bogus", 0)]
    [InlineData("project=widgets&since=not-a-date", 0)]
    [InlineData("project=widgets&submitter=nobody@example.org", 0)]
    [InlineData("project=widgets&delegate=nobody", 0)]
    public async Task Patches_Filter_ReturnsMatchingCount(string query, int expected)
    {
        var (response, body) = await Server.GetAsync("/api/patches/?per_page=250&" + query);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(expected, body.GetArrayLength());
    }

    [Fact]
    public async Task Patches_MsgidFilter_FindsOnePatchAndIsIgnoredBefore12()
    {
        var (_, found) = await Server.GetAsync("/api/1.2/patches/?project=widgets&msgid=2025030300-1-ada@widgets.example.org");
        var (_, ignored) = await Server.GetAsync("/api/1.1/patches/?project=widgets&msgid=2025030300-1-ada@widgets.example.org&per_page=100");

        Assert.Equal("<2025030300-1-ada@widgets.example.org>", Assert.Single(found.EnumerateArray()).GetProperty("msgid").GetString());
        Assert.Equal(16, ignored.GetArrayLength());
    }

    [Fact]
    public async Task Patches_HashFilter_MatchesStoredHash()
    {
        var (_, first) = await Server.GetAsync("/api/patches/1/");
        var hash = first.GetProperty("hash").GetString()!;

        var (_, found) = await Server.GetAsync($"/api/patches/?project=widgets&hash={hash.ToUpperInvariant()}");

        Assert.Contains(found.EnumerateArray(), p => p.GetProperty("id").GetInt64() == 1);
        Assert.All(found.EnumerateArray(), p => Assert.Equal(hash, p.GetProperty("hash").GetString()));
    }

    [Fact]
    public async Task Patches_OrderByDateDescending_IsNewestFirst()
    {
        var (_, body) = await Server.GetAsync("/api/patches/?project=widgets&order=-date&per_page=100");

        var dates = body.EnumerateArray().Select(p => p.GetProperty("date").GetString()!).ToList();
        Assert.Equal(dates.OrderDescending(StringComparer.Ordinal), dates);
    }

    [Fact]
    public async Task Patches_OlderVersion_DropsNewerFieldsAndKeepsPrefix()
    {
        var (_, body) = await Server.GetAsync("/api/1.0/patches/?project=widgets&per_page=1");

        var patch = body[0];
        Assert.False(patch.TryGetProperty("web_url", out _));
        Assert.False(patch.TryGetProperty("list_archive_url", out _));
        Assert.False(patch.TryGetProperty("related", out _));
        Assert.StartsWith(Server.BaseUrl + "api/1.0/patches/", patch.GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Covers_ProjectFilter_ListsOnlyThatProject()
    {
        var (_, body) = await Server.GetAsync("/api/covers/?project=gadgets");

        Assert.Equal(4, body.GetArrayLength());
        Assert.All(body.EnumerateArray(), c => Assert.Equal("gadgets", c.GetProperty("project").GetProperty("link_name").GetString()));
    }

    [Fact]
    public async Task Series_Detail_ListsPatchesAndCover()
    {
        var (_, body) = await Server.GetAsync("/api/series/1/");

        Assert.Equal(3, body.GetProperty("total").GetInt32());
        Assert.True(body.GetProperty("received_all").GetBoolean());
        Assert.Equal(3, body.GetProperty("patches").GetArrayLength());
        Assert.Equal(JsonValueKind.Object, body.GetProperty("cover_letter").ValueKind);
    }

    [Fact]
    public async Task Events_IngestCategories_CountedPerProject()
    {
        var (_, created) = await Server.GetAsync("/api/events/?project=widgets&category=patch-created&per_page=100");
        var (_, series) = await Server.GetAsync("/api/events/?project=widgets&category=series-created&per_page=100");

        Assert.Equal(16, created.GetArrayLength());
        Assert.Equal(6, series.GetArrayLength());
    }

    [Fact]
    public async Task Events_CommentCategories_HiddenBefore13()
    {
        var (_, v13) = await Server.GetAsync("/api/1.3/events/?project=widgets&category=patch-comment-created&per_page=100");
        var (_, v12) = await Server.GetAsync("/api/1.2/events/?project=widgets&per_page=250");

        Assert.Equal(6, v13.GetArrayLength());
        Assert.DoesNotContain(v12.EnumerateArray(), e => e.GetProperty("category").GetString()!.EndsWith("comment-created", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("projects/?q=gadg", "link_name", "gadgets")]
    [InlineData("projects/?q=dgets&order=-linkname", "link_name", "widgets,gadgets")]
    [InlineData("projects/?order=-name", "link_name", "widgets,gadgets")]
    [InlineData("people/?q=widgets.example&order=name", "name", "Ada Lovelace,Grace Hopper")]
    [InlineData("people/?q=example%20lin", "name", "Linus Pauling")]
    [InlineData("people/?order=-email", "email", "mary@astro.example.com,linus@chem.example.net,grace@widgets.example.org,ada@widgets.example.org")]
    [InlineData("users/?q=widgets.example&order=-username", "username", "maint,ada")]
    [InlineData("users/?q=plain%20example", "username", "plain")]
    [InlineData("users/?order=email", "username", "ada,maint,plain")]
    public async Task Lists_SearchAndOrder_ReturnMatchesInOrder(string path, string field, string expected)
    {
        var (response, body) = await Server.GetAsync("/api/" + path, Data.MaintainerToken);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(expected, string.Join(",", body.EnumerateArray().Select(e => e.GetProperty(field).GetString())));
    }

    [Theory]
    [InlineData("covers", "-date", "date")]
    [InlineData("covers", "name", "name")]
    [InlineData("series", "-name", "name")]
    [InlineData("series", "date", "date")]
    public async Task Lists_OrderByField_SortsByIt(string list, string order, string field)
    {
        var (_, body) = await Server.GetAsync($"/api/{list}/?project=widgets&order={order}");

        var values = body.EnumerateArray().Select(e => e.GetProperty(field).GetString()!).ToList();
        Assert.True(values.Distinct().Count() > 1, "the sample data should give distinct values to sort");
        Assert.Equal(order.StartsWith('-') ? values.OrderDescending(StringComparer.Ordinal) : values.Order(StringComparer.Ordinal), values);
    }
}
