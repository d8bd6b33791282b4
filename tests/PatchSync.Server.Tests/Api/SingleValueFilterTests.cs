using System.Text.Json;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Api;

/// <summary>
/// The test data with a few writes that give every filter something to tell apart: widgets patches 2
/// and 3 archived, patch 4 delegated to maint, patch 5 accepted by maint, and two checks on patch 1
/// (maint: success ci-a, fail ci-b).
/// </summary>
public sealed class FilterEditsData : IAsyncLifetime
{
    private readonly ServerWithData _inner = new();

    internal ApiServer Server => _inner.Server;

    internal TestData Data => _inner.Data;

    public async Task InitializeAsync()
    {
        await _inner.InitializeAsync();
        var token = Data.MaintainerToken;
        await SendOkAsync(HttpMethod.Patch, "/api/patches/2/", """{"archived":true}""", token);
        await SendOkAsync(HttpMethod.Patch, "/api/patches/3/", """{"archived":true}""", token);
        await SendOkAsync(HttpMethod.Patch, "/api/patches/4/", $$"""{"delegate":{{Data.MaintainerId}}}""", token);
        await SendOkAsync(HttpMethod.Patch, "/api/patches/5/", """{"state":"accepted"}""", token);
        await SendOkAsync(HttpMethod.Post, "/api/patches/1/checks/", """{"state":"success","context":"ci-a"}""", token);
        await SendOkAsync(HttpMethod.Post, "/api/patches/1/checks/", """{"state":"fail","context":"ci-b"}""", token);
    }

    public Task DisposeAsync() => _inner.DisposeAsync();

    private async Task SendOkAsync(HttpMethod method, string path, string json, string token)
    {
        var (response, _) = await Server.SendJsonAsync(method, path, json, token);
        response.EnsureSuccessStatusCode();
    }
}

/// <summary>
/// Repeated filter values, as Patchwork 3.1.3 reads them (notes, "Real-server quirks"; fixtures 15,
/// 56, 61): <c>state</c> and <c>submitter</c> OR their values, every other filter of every list keeps
/// its last value, and an archived value that is not a boolean is ignored.
/// </summary>
public sealed class SingleValueFilterTests(FilterEditsData fixture) : IClassFixture<FilterEditsData>
{
    private ApiServer Server => fixture.Server;

    private TestData Data => fixture.Data;

    [Theory]
    [InlineData("patches/", "project", "gadgets", "widgets", "")]
    [InlineData("patches/", "project", "1", "2", "")]
    [InlineData("patches/", "series", "1", "2", "project=widgets")]
    [InlineData("patches/", "delegate", "plain", "maint", "")]
    [InlineData("patches/", "delegate", "maint", "{plain}", "")]
    [InlineData("patches/", "archived", "false", "true", "project=widgets")]
    [InlineData("patches/", "archived", "true", "false", "project=widgets")]
    [InlineData("patches/", "msgid", "2025030300-1-ada@widgets.example.org", "2025030300-2-ada@widgets.example.org", "project=widgets")]
    [InlineData("patches/", "since", "2025-03-01T00:00:00", "2025-03-09T00:00:00", "project=widgets")]
    [InlineData("patches/", "before", "2025-03-09T00:00:00", "2025-03-06T00:00:00", "project=widgets")]
    [InlineData("events/", "category", "patch-state-changed", "series-completed", "project=widgets")]
    [InlineData("events/", "category", "series-completed", "patch-state-changed", "project=widgets")]
    [InlineData("events/", "project", "gadgets", "widgets", "category=patch-created")]
    [InlineData("events/", "patch", "1", "2", "")]
    [InlineData("events/", "series", "1", "2", "")]
    [InlineData("events/", "cover", "1", "2", "")]
    [InlineData("events/", "actor", "{plain}", "{maint}", "")]
    [InlineData("events/", "since", "2000-01-01T00:00:00", "2100-01-01T00:00:00", "project=widgets")]
    [InlineData("covers/", "project", "gadgets", "widgets", "")]
    [InlineData("covers/", "msgid", "cover.2025030300.ada@widgets.example.org", "cover.2025031104.ada@widgets.example.org", "project=widgets")]
    [InlineData("covers/", "since", "2025-03-01T00:00:00", "2025-03-09T00:00:00", "project=widgets")]
    [InlineData("series/", "project", "gadgets", "widgets", "")]
    [InlineData("series/", "before", "2025-03-12T00:00:00", "2025-03-06T00:00:00", "project=widgets")]
    [InlineData("patches/1/checks/", "state", "success", "fail", "")]
    [InlineData("patches/1/checks/", "context", "ci-a", "ci-b", "")]
    [InlineData("patches/1/checks/", "user", "plain", "maint", "")]
    public async Task List_SingleValuedFilterGivenTwice_KeepsTheLastValue(string list, string filter, string first, string last, string extra)
    {
        (first, last) = (Resolve(first), Resolve(last));
        var prefix = $"/api/{list}?per_page=250&{(extra.Length > 0 ? extra + "&" : "")}";

        var firstOnly = await IdsAsync($"{prefix}{filter}={first}");
        var lastOnly = await IdsAsync($"{prefix}{filter}={last}");
        var both = await IdsAsync($"{prefix}{filter}={first}&{filter}={last}");

        Assert.NotEqual(firstOnly, lastOnly);
        Assert.Equal(lastOnly, both);
    }

    [Theory]
    [InlineData("patches/", "state", "new", "accepted", "project=widgets")]
    [InlineData("patches/", "submitter", "ada@widgets.example.org", "grace@widgets.example.org", "project=widgets")]
    [InlineData("covers/", "submitter", "ada@widgets.example.org", "grace@widgets.example.org", "project=widgets")]
    [InlineData("series/", "submitter", "ada@widgets.example.org", "linus@chem.example.net", "project=widgets")]
    public async Task List_StateOrSubmitterGivenTwice_OrsTheValues(string list, string filter, string first, string second, string extra)
    {
        var prefix = $"/api/{list}?per_page=250&{extra}&";

        var firstOnly = await IdsAsync($"{prefix}{filter}={first}");
        var secondOnly = await IdsAsync($"{prefix}{filter}={second}");
        var both = await IdsAsync($"{prefix}{filter}={first}&{filter}={second}");

        Assert.NotEmpty(firstOnly);
        Assert.NotEmpty(secondOnly);
        Assert.Equal(firstOnly.Union(secondOnly).Order(), both);
    }

    [Theory]
    [InlineData("archived=both")]
    [InlineData("archived=garbage")]
    [InlineData("archived=yes")]
    [InlineData("archived=true&archived=both")]
    [InlineData("archived=")]
    public async Task Patches_ArchivedNotABoolean_IsIgnored(string archived)
    {
        var all = await IdsAsync("/api/patches/?per_page=250&project=widgets");

        var filtered = await IdsAsync($"/api/patches/?per_page=250&project=widgets&{archived}");

        Assert.Equal(16, all.Count);
        Assert.Equal(all, filtered);
    }

    [Theory]
    [InlineData("project=no-such-project")]
    [InlineData("project=widgets&project=no-such-project")]
    [InlineData("project=widgets&delegate=nobody")]
    [InlineData("project=widgets&series=x")]
    public async Task Patches_LastValueMatchesNothing_IsEmpty(string query)
    {
        Assert.Empty(await IdsAsync($"/api/patches/?per_page=250&{query}"));
    }

    [SharedFixtureFact]
    public async Task Patches_ArchivedGivenTwice_LikeCapture61()
    {
        var capture = RealCapture.Load("61-patches-archived-two-values");

        var (response, body) = await Server.GetAsync("/api/1.3/patches/?project=widgets&archived=false&archived=true&per_page=250");

        // Real Patchwork: the last value (true) alone filters; every item is archived.
        Assert.Equal(200, capture.Status);
        Assert.NotEmpty(capture.Body.EnumerateArray());
        Assert.All(capture.Body.EnumerateArray(), p => Assert.True(p.GetProperty("archived").GetBoolean()));
        Assert.Equal(capture.Status, (int)response.StatusCode);
        Assert.Equal([2L, 3L], body.EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));
        Assert.All(body.EnumerateArray(), p => Assert.True(p.GetProperty("archived").GetBoolean()));
    }

    [SharedFixtureFact]
    public async Task Events_TwoCategories_LikeCapture56()
    {
        var capture = RealCapture.Load("56-events-two-categories");
        var oneCategory = RealCapture.Load("57-events-one-category");

        var (response, body) = await Server.GetAsync("/api/1.3/events/?project=widgets&category=patch-state-changed&category=series-completed&per_page=5");

        // Real Patchwork lists only the last category, although the first one has events too (57).
        Assert.All(capture.Body.EnumerateArray(), e => Assert.Equal("series-completed", e.GetProperty("category").GetString()));
        Assert.NotEmpty(oneCategory.Body.EnumerateArray());
        Assert.Equal(capture.Status, (int)response.StatusCode);
        Assert.NotEmpty(body.EnumerateArray());
        Assert.All(body.EnumerateArray(), e => Assert.Equal("series-completed", e.GetProperty("category").GetString()));
        // Links keep both values, as Patchwork's do.
        const string Both = "category=patch-state-changed&category=series-completed";
        Assert.All(capture.Links, l => Assert.Contains(Both, l.Url, StringComparison.Ordinal));
        Assert.All(LinkHeaders.Of(response), l => Assert.Contains(Both, l.Url, StringComparison.Ordinal));
    }

    [SharedFixtureFact]
    public async Task Patches_StateGivenTwice_LikeCapture15()
    {
        var capture = RealCapture.Load("15-patches-state-filter");

        var (_, body) = await Server.GetAsync("/api/1.3/patches/?project=widgets&state=accepted&state=new&per_page=250");

        // Real Patchwork ORs the states: both appear in one answer.
        Assert.Equal(["accepted", "rejected"], capture.Body.EnumerateArray().Select(p => p.GetProperty("state").GetString()).Distinct().Order());
        Assert.Equal(["accepted", "new"], body.EnumerateArray().Select(p => p.GetProperty("state").GetString()).Distinct().Order());
    }

    private string Resolve(string value) => value
        .Replace("{maint}", Data.MaintainerId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{plain}", Data.PlainId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private async Task<List<long>> IdsAsync(string path)
    {
        var (response, body) = await Server.GetAsync(path);
        Assert.True(200 == (int)response.StatusCode, $"{path}: {(int)response.StatusCode}");
        return body.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).Order().ToList();
    }
}
