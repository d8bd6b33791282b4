using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PatchSync.Server.Importing;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Api;

/// <summary>
/// Requests pwsync-server used to read differently from Patchwork 3.1.3 (Django 3.2, DRF 3.14,
/// django-filter 23.1), each answered here as Patchwork answers it. On SQLite here;
/// <c>PostgresParityTests</c> runs the same tests on PostgreSQL.
/// </summary>
public class PatchworkParityTests : IAsyncLifetime
{
    // Names whose LIKE metacharacters (%, _ and the backslash) a search must match literally, each
    // next to a name the unescaped pattern would also match.
    private static readonly string[] SearchSubjects =
    [
        @"quota: allow 100% of the limit",
        @"quota: allow 1000 entries",
        @"net: rename rx_ring",
        @"net: rename rxXring",
        @"docs: path C:\tmp",
        @"docs: path C:tmp",
    ];

    private ServerWithData _fixture = null!;

    private protected ApiServer Server => _fixture.Server;

    private protected TestData Data => _fixture.Data;

    public async Task InitializeAsync()
    {
        _fixture = new ServerWithData(CreateDataAsync);
        await _fixture.InitializeAsync();
        var mbox = Path.Combine(Path.GetTempPath(), $"pwsync-parity-{Guid.NewGuid():N}.mbox");
        try
        {
            await File.WriteAllTextAsync(mbox, SearchMbox(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            var log = new StringWriter();
            var imported = await new MailImporter(Data.Database, TimeProvider.System).ImportAsync("gadgets", [mbox], log, CancellationToken.None);
            Assert.True(imported.Patches == SearchSubjects.Length, log.ToString() + imported);
        }
        finally
        {
            File.Delete(mbox);
        }
    }

    public Task DisposeAsync() => _fixture.DisposeAsync();

    /// <summary>The database the tests run on.</summary>
    private protected virtual Task<TestData> CreateDataAsync() => TestData.CreateSqliteAsync();

    /// <summary>
    /// DRF's SearchFilter builds <c>name__icontains</c>, and Django escapes <c>%</c>, <c>_</c> and
    /// <c>\</c> in the value, so each is matched literally; commas and any whitespace separate terms,
    /// every term must match, NUL characters are dropped.
    /// </summary>
    [Theory]
    [InlineData("100%25", "quota: allow 100% of the limit")]
    [InlineData("rx_ring", "net: rename rx_ring")]
    [InlineData("C:%5Ctmp", @"docs: path C:\tmp")]
    [InlineData("%25", "quota: allow 100% of the limit")]
    [InlineData("_", "net: rename rx_ring")]
    [InlineData("ALLOW,100%25", "quota: allow 100% of the limit")]
    [InlineData("allow%09100%25", "quota: allow 100% of the limit")]
    [InlineData("rx_%00ring", "net: rename rx_ring")]
    [InlineData("100%25,rx_ring", "")]
    public async Task Search_LikeMetacharacters_MatchLiterally(string q, string expected)
    {
        foreach (var list in new[] { "patches", "series" })
        {
            var (response, body) = await Server.GetAsync($"/api/{list}/?project=gadgets&per_page=250&q={q}");

            Assert.Equal(200, (int)response.StatusCode);
            var names = body.EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
            Assert.Equal(expected == "" ? [] : new[] { expected }, names);
        }
    }

    private static string SearchMbox()
    {
        var text = new StringBuilder();
        for (var i = 0; i < SearchSubjects.Length; i++)
        {
            text.Append($"""
                From carol{i}@example.org Mon Jun 09 10:0{i}:00 2025
                From: Carol Search {i} <carol{i}@example.org>
                Date: Mon, 09 Jun 2025 10:0{i}:00 +0000
                Subject: [PATCH] {SearchSubjects[i]}
                To: gadgets@lists.example.org
                Message-Id: <search-{i}@example.org>
                List-Id: <gadgets.lists.example.org>
                MIME-Version: 1.0
                Content-Type: text/plain; charset=UTF-8

                A patch to search for.

                ---
                diff --git a/f{i}.txt b/f{i}.txt
                --- a/f{i}.txt
                +++ b/f{i}.txt
                @@ -1 +1 @@
                -old
                +new {i}


                """);
        }

        return text.ToString();
    }
}
