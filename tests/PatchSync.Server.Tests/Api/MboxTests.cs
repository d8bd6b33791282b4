using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Api;

/// <summary>The web-site mbox downloads git-pw and pwclient fetch: /project/X/patch/MSGID/mbox/ and /series/N/mbox/.</summary>
public sealed class MboxTests(ServerWithData fixture) : IClassFixture<ServerWithData>
{
    private ApiServer Server => fixture.Server;

    [Fact]
    public async Task PatchMbox_LinkFromPatchDetail_IsMailWithMessageAndDiff()
    {
        var (_, patch) = await Server.GetAsync("/api/patches/1/");
        var mboxUrl = new Uri(patch.GetProperty("mbox").GetString()!);
        var response = await Server.Client.GetAsync(mboxUrl.PathAndQuery);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.StartsWith("attachment; filename=", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("From patchwork ", text, StringComparison.Ordinal);
        var (head, body) = Split(text);
        var submitter = patch.GetProperty("submitter");
        Assert.Contains($"\nSubject: {patch.GetProperty("headers").GetProperty("Subject").GetString()}\n", head, StringComparison.Ordinal);
        Assert.Contains($"From: {submitter.GetProperty("name").GetString()} <{submitter.GetProperty("email").GetString()}>", head, StringComparison.Ordinal);
        Assert.Contains($"Message-Id: {patch.GetProperty("msgid").GetString()}", head, StringComparison.Ordinal);
        Assert.Contains("X-Patchwork-Id: 1\n", head, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^Date: \S", head);
        Assert.Contains("\n---\n", body, StringComparison.Ordinal);
        Assert.EndsWith(patch.GetProperty("diff").GetString()!.TrimEnd('\n') + "\n", body, StringComparison.Ordinal);
        Assert.True(body.IndexOf("\n---\n", StringComparison.Ordinal) < body.IndexOf("diff --git", StringComparison.Ordinal));
    }

    /// <summary>As capture 62: <c>?series=*</c> gives the patch after the earlier patches of its series, in series order.</summary>
    [Theory]
    [InlineData("*")]
    [InlineData("own")]
    public async Task PatchMbox_WithSeries_IsEarlierPatchesThenThePatch(string series)
    {
        var (_, patch) = await Server.GetAsync("/api/patches/3/");
        var seriesId = patch.GetProperty("series")[0].GetProperty("id").GetInt64();
        var mboxUrl = new Uri(patch.GetProperty("mbox").GetString()!);
        var response = await Server.Client.GetAsync(mboxUrl.AbsolutePath + "?series=" + (series == "own" ? seriesId.ToString(System.Globalization.CultureInfo.InvariantCulture) : "*"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var ids = System.Text.RegularExpressions.Regex.Matches(text, @"(?m)^X-Patchwork-Id: (\d+)$").Select(m => m.Groups[1].Value);
        Assert.Equal(["1", "2", "3"], ids);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(text, "(?m)^From patchwork "));
        Assert.EndsWith(patch.GetProperty("diff").GetString()!.TrimEnd('\n') + "\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("999999")]
    [InlineData("abc")]
    public async Task PatchMbox_WithSeriesThePatchIsNotIn_Is404(string series)
    {
        var (_, patch) = await Server.GetAsync("/api/patches/3/");
        var response = await Server.Client.GetAsync(new Uri(patch.GetProperty("mbox").GetString()!).AbsolutePath + "?series=" + series);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>As capture 63: the diff alone, <c>text/x-patch</c>, named like the mbox with <c>.diff</c>.</summary>
    [Fact]
    public async Task PatchRaw_IsTheDiffAlone()
    {
        var (_, patch) = await Server.GetAsync("/api/patches/3/");
        var rawPath = new Uri(patch.GetProperty("mbox").GetString()!).AbsolutePath.Replace("/mbox/", "/raw/", StringComparison.Ordinal);
        var response = await Server.Client.GetAsync(rawPath);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/x-patch", response.Content.Headers.ContentType!.ToString());
        Assert.Matches("^attachment; filename=.+\\.diff$", response.Content.Headers.ContentDisposition!.ToString());
        Assert.Equal(patch.GetProperty("diff").GetString(), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CoverMbox_LinkFromCoverDetail_IsMailWithContentAndNoDiff()
    {
        var (_, cover) = await Server.GetAsync("/api/covers/1/");
        var response = await Server.Client.GetAsync(new Uri(cover.GetProperty("mbox").GetString()!).AbsolutePath);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("From patchwork ", text, StringComparison.Ordinal);
        Assert.Contains($"\nSubject: {cover.GetProperty("headers").GetProperty("Subject").GetString()}\n", text, StringComparison.Ordinal);
        Assert.Contains(cover.GetProperty("content").GetString()!.Trim(), text, StringComparison.Ordinal);
        Assert.DoesNotContain("diff --git", text, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Patchwork-Delegate", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeriesMbox_Head_AnswersWithoutBody()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, "/series/1/mbox/");
        using var response = await Server.Client.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/project/widgets/patch/no-such-message@example.org/mbox/")]
    [InlineData("/project/no-such-project/patch/x@example.org/mbox/")]
    [InlineData("/project/widgets/cover/no-such-message@example.org/mbox/")]
    [InlineData("/series/99999/mbox/")]
    public async Task Mbox_Unknown_IsNotFound(string path)
    {
        var response = await Server.Client.GetAsync(path);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PatchMbox_OtherProjectsLinkname_IsNotFound()
    {
        var (_, patch) = await Server.GetAsync("/api/patches/1/");
        var path = new Uri(patch.GetProperty("mbox").GetString()!).AbsolutePath;
        var project = patch.GetProperty("project").GetProperty("link_name").GetString()!;
        var other = project == "widgets" ? "gadgets" : "widgets";

        var mine = await Server.Client.GetAsync(path);
        var response = await Server.Client.GetAsync(path.Replace($"/project/{project}/", $"/project/{other}/", StringComparison.Ordinal));

        Assert.Equal(System.Net.HttpStatusCode.OK, mine.StatusCode);
        Assert.Contains("X-Patchwork-Id: 1\n", await mine.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("X-Patchwork-Id: 1\n", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeriesMbox_SeriesWithPatches_ConcatenatesEveryPatchInOrder()
    {
        var (_, series) = await Server.GetAsync("/api/series/1/");
        var patchIds = series.GetProperty("patches").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ToList();
        Assert.True(patchIds.Count >= 2, "series 1 of the test data should have several patches");

        var response = await Server.Client.GetAsync(new Uri(series.GetProperty("mbox").GetString()!).AbsolutePath);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var ids = System.Text.RegularExpressions.Regex.Matches(text, @"(?m)^X-Patchwork-Id: (\d+)$").Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(patchIds.Order().ToList(), ids);
        Assert.Equal(patchIds.Count, System.Text.RegularExpressions.Regex.Count(text, "(?m)^From patchwork "));
        foreach (var id in patchIds)
        {
            var (_, patch) = await Server.GetAsync($"/api/patches/{id}/");
            Assert.Contains(patch.GetProperty("diff").GetString()!.TrimEnd('\n'), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PatchMbox_PatchWithReviewReplies_CarriesTheirTrailers()
    {
        var (_, patches) = await Server.GetAsync("/api/patches/?project=widgets&per_page=250");
        var found = 0;
        foreach (var patch in patches.EnumerateArray())
        {
            var (_, comments) = await Server.GetAsync($"/api/patches/{patch.GetProperty("id").GetInt64()}/comments/");
            var trailers = comments.EnumerateArray()
                .SelectMany(c => c.GetProperty("content").GetString()!.Split('\n'))
                .Where(line => line.StartsWith("Acked-by:", StringComparison.Ordinal) || line.StartsWith("Reviewed-by:", StringComparison.Ordinal) || line.StartsWith("Tested-by:", StringComparison.Ordinal))
                .ToList();
            if (trailers.Count == 0)
            {
                continue;
            }

            var text = await Server.Client.GetStringAsync(new Uri(patch.GetProperty("mbox").GetString()!).AbsolutePath);
            var message = text[..text.IndexOf("\n---\n", StringComparison.Ordinal)];
            Assert.All(trailers, t => Assert.Contains("\n" + t.TrimEnd() + "\n", message + "\n", StringComparison.Ordinal));
            found++;
        }

        Assert.True(found > 0, "the test data should have a patch with Acked-by/Reviewed-by/Tested-by replies");
    }

    private static (string Head, string Body) Split(string mail)
    {
        var end = mail.IndexOf("\n\n", StringComparison.Ordinal);
        return (mail[..(end + 1)], mail[(end + 2)..]);
    }

}
