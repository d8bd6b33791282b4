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

    /// <summary>
    /// A repeated field of a form body keeps its last value (DRF reads a QueryDict, whose item is the
    /// last value), on every write; JSON keeps the last of a repeated key too. It used to be the values
    /// joined with commas ("accepted,rejected", an invalid state).
    /// </summary>
    [Fact]
    public async Task FormBody_RepeatedSingleValuedField_KeepsTheLastValue()
    {
        var token = Data.MaintainerToken;
        var (patchForm, patch) = await SendFormAsync(HttpMethod.Patch, "/api/patches/2/", token, ("state", "accepted"), ("state", "rejected"), ("archived", "false"), ("archived", "true"), ("commit_ref", "aaa"), ("commit_ref", "bbb"));
        var (patchJson, jsonPatch) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/3/", """{"state":"accepted","state":"rfc"}""", token);
        var (checkForm, check) = await SendFormAsync(HttpMethod.Post, "/api/patches/2/checks/", token, ("state", "fail"), ("state", "success"), ("context", "ci-a"), ("context", "ci-b"), ("description", "one"), ("description", "two"));
        var commentId = await FirstCommentIdAsync();
        var (commentForm, comment) = await SendFormAsync(HttpMethod.Patch, $"/api/1.3/patches/1/comments/{commentId}/", token, ("addressed", "false"), ("addressed", "true"));

        Assert.Equal(200, (int)patchForm.StatusCode);
        Assert.Equal(("rejected", true, "bbb"), (patch.GetProperty("state").GetString(), patch.GetProperty("archived").GetBoolean(), patch.GetProperty("commit_ref").GetString()));
        Assert.Equal(200, (int)patchJson.StatusCode);
        Assert.Equal("rfc", jsonPatch.GetProperty("state").GetString());
        Assert.Equal(201, (int)checkForm.StatusCode);
        Assert.Equal(("success", "ci-b", "two"), (check.GetProperty("state").GetString(), check.GetProperty("context").GetString(), check.GetProperty("description").GetString()));
        Assert.Equal(200, (int)commentForm.StatusCode);
        Assert.True(comment.GetProperty("addressed").GetBoolean());
    }

    /// <summary>
    /// PUT is DRF's full update: <c>state</c> and <c>delegate</c> have no default, so each is
    /// required, and every field's error comes in one answer, in the serializer's field order.
    /// Nothing changes.
    /// </summary>
    [Theory]
    [InlineData("""{"archived":true}""", """{"state":["This field is required."],"delegate":["This field is required."]}""")]
    [InlineData("""{"state":"accepted"}""", """{"delegate":["This field is required."]}""")]
    [InlineData("""{"delegate":null}""", """{"state":["This field is required."]}""")]
    [InlineData("""{"state":"bogus","archived":"maybe","delegate":null,"pull_url":false}""", """{"pull_url":["Not a valid string."],"state":["Invalid state bogus. Expected one of: new, under-review, accepted, rejected, rfc, not-applicable, changes-requested, awaiting-upstream, superseded, deferred, needs-review-ack."],"archived":["Must be a valid boolean."]}""")]
    [InlineData("""{"state":null,"delegate":null}""", """{"state":["This field may not be null."]}""")]
    [InlineData("""{"state":"","delegate":null}""", """{"state":["This field may not be null."]}""")]
    public async Task Put_WithoutRequiredOrWithBadFields_Answers400WithEveryError(string json, string expected)
    {
        var (_, before) = await Server.GetAsync("/api/patches/4/");

        var (response, body) = await Server.SendJsonAsync(HttpMethod.Put, "/api/patches/4/", json, Data.MaintainerToken);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(expected, body.GetRawText());
        var (_, after) = await Server.GetAsync("/api/patches/4/");
        Assert.Equal(before.GetRawText(), after.GetRawText());
    }

    /// <summary>A PUT with both required fields works; PATCH needs neither.</summary>
    [Fact]
    public async Task Put_WithStateAndDelegate_UpdatesWhilePatchNeedsNeither()
    {
        var (put, putBody) = await Server.SendJsonAsync(HttpMethod.Put, "/api/patches/4/", $$"""{"state":"accepted","delegate":{{Data.MaintainerId}}}""", Data.MaintainerToken);
        var (patch, patchBody) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/4/", """{"archived":true}""", Data.MaintainerToken);

        Assert.Equal(200, (int)put.StatusCode);
        Assert.Equal(("accepted", "maint"), (putBody.GetProperty("state").GetString(), putBody.GetProperty("delegate").GetProperty("username").GetString()));
        Assert.Equal(200, (int)patch.StatusCode);
        Assert.Equal(("accepted", true), (patchBody.GetProperty("state").GetString(), patchBody.GetProperty("archived").GetBoolean()));
    }

    /// <summary>
    /// A form PUT without <c>archived</c> sets it to false (DRF's BooleanField reads a checkbox
    /// missing from an HTML form as false); a JSON PUT without it leaves it as it is.
    /// </summary>
    [Fact]
    public async Task Put_FormWithoutArchived_Unarchives_JsonLeavesIt()
    {
        var token = Data.MaintainerToken;
        await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/5/", """{"archived":true}""", token);
        await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/6/", """{"archived":true}""", token);

        var (json, jsonBody) = await Server.SendJsonAsync(HttpMethod.Put, "/api/patches/5/", """{"state":"rfc","delegate":null}""", token);
        var (form, formBody) = await SendFormAsync(HttpMethod.Put, "/api/patches/6/", token, ("state", "rfc"), ("delegate", ""));

        Assert.Equal(200, (int)json.StatusCode);
        Assert.True(jsonBody.GetProperty("archived").GetBoolean());
        Assert.Equal(200, (int)form.StatusCode);
        Assert.Equal("rfc", formBody.GetProperty("state").GetString());
        Assert.False(formBody.GetProperty("archived").GetBoolean());
    }

    /// <summary>
    /// <c>state</c> is looked up as Patchwork does, <c>slugify(value.lower())</c> (accents folded to
    /// ASCII), and an unknown one is named as slugified; null is refused; booleans are DRF's exact
    /// sets (<c>y</c>, <c>1</c> yes; <c>TrUe</c> no).
    /// </summary>
    [Theory]
    [InlineData("""{"state":"Accépted"}""", 200, "accepted")]
    [InlineData("""{"state":"  Under   Review "}""", 200, "under-review")]
    [InlineData("""{"state":"No Such State!"}""", 400, """{"state":["Invalid state no-such-state. Expected one of: new, under-review, accepted, rejected, rfc, not-applicable, changes-requested, awaiting-upstream, superseded, deferred, needs-review-ack."]}""")]
    [InlineData("""{"state":null}""", 400, """{"state":["This field may not be null."]}""")]
    [InlineData("""{"archived":null}""", 400, """{"archived":["This field may not be null."]}""")]
    [InlineData("""{"archived":"y"}""", 200, "new")]
    [InlineData("""{"archived":1}""", 200, "new")]
    [InlineData("""{"archived":"TrUe"}""", 400, """{"archived":["Must be a valid boolean."]}""")]
    public async Task Patch_StateAndBooleanValues_ReadAsPatchworkReadsThem(string json, int status, string expected)
    {
        var (response, body) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/7/", json, Data.MaintainerToken);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(expected, status == 200 ? body.GetProperty("state").GetString() : body.GetRawText());
    }

    /// <summary>
    /// A comment's <c>addressed</c> (nullable): "", "null" and null clear it; a form PUT without it
    /// sets false, a JSON PUT without it changes nothing.
    /// </summary>
    [Fact]
    public async Task CommentAddressed_NullStringsAndFormPut_AsDrfReadsThem()
    {
        var token = Data.MaintainerToken;
        var path = $"/api/1.3/patches/1/comments/{await FirstCommentIdAsync()}/";

        var (_, set) = await Server.SendJsonAsync(HttpMethod.Patch, path, """{"addressed":"yes"}""", token);
        var (_, jsonPut) = await Server.SendJsonAsync(HttpMethod.Put, path, "{}", token);
        var (_, cleared) = await Server.SendJsonAsync(HttpMethod.Patch, path, """{"addressed":"null"}""", token);
        await Server.SendJsonAsync(HttpMethod.Patch, path, """{"addressed":true}""", token);
        var (formPut, formPutBody) = await SendFormAsync(HttpMethod.Put, path, token, ("other", "x"));

        Assert.True(set.GetProperty("addressed").GetBoolean());
        Assert.True(jsonPut.GetProperty("addressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("addressed").ValueKind);
        Assert.Equal(200, (int)formPut.StatusCode);
        Assert.False(formPutBody.GetProperty("addressed").GetBoolean());
    }

    /// <summary>
    /// <c>order</c> takes only Patchwork's ordering fields: <c>delegate</c> is not one on patches, nor
    /// <c>linkname</c> on projects (ignored, so id order), while <c>list_id</c> is.
    /// </summary>
    [Fact]
    public async Task Order_OnlyPatchworksOrderingFields()
    {
        await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/3/", $$"""{"delegate":{{Data.MaintainerId}}}""", Data.MaintainerToken);

        var (_, byDelegate) = await Server.GetAsync("/api/patches/?project=widgets&order=-delegate&per_page=3");
        var (_, byLinkname) = await Server.GetAsync("/api/projects/?order=linkname");
        var (_, byListId) = await Server.GetAsync("/api/projects/?order=list_id");

        Assert.Equal([1L, 2L, 3L], byDelegate.EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));
        Assert.Equal(["widgets", "gadgets"], byLinkname.EnumerateArray().Select(p => p.GetProperty("link_name").GetString()));
        Assert.Equal(["gadgets", "widgets"], byListId.EnumerateArray().Select(p => p.GetProperty("link_name").GetString()));
    }

    /// <summary>
    /// A check POST as Patchwork's CheckSerializer reads it: no state is "A check must have a state.",
    /// the state may also be its stored number, the context a slug (no final newline), never null or
    /// blank, and every field's error comes at once.
    /// </summary>
    [Theory]
    [InlineData("""{"context":"ci"}""", 400, """{"state":["A check must have a state."]}""")]
    [InlineData("""{"state":"","context":"a/b"}""", 400, """{"state":["A check must have a state."]}""")]
    [InlineData("""{"state":"bogus","context":"a/b"}""", 400, """{"state":["\"bogus\" is not a valid choice."],"context":["Enter a valid \"slug\" consisting of letters, numbers, underscores or hyphens."]}""")]
    [InlineData("""{"state":null}""", 400, """{"state":["This field may not be null."]}""")]
    [InlineData("""{"state":"success","context":"ci\n"}""", 400, """{"context":["Enter a valid \"slug\" consisting of letters, numbers, underscores or hyphens."]}""")]
    [InlineData("""{"state":"success","context":""}""", 400, """{"context":["This field may not be blank."]}""")]
    [InlineData("""{"state":"success","context":null}""", 400, """{"context":["This field may not be null."]}""")]
    [InlineData("""{"state":3,"context":"ci"}""", 201, "fail")]
    [InlineData("""{"state":"1"}""", 201, "success")]
    [InlineData("""{"state":"4"}""", 400, """{"state":["\"4\" is not a valid choice."]}""")]
    public async Task CheckPost_FieldsReadAsPatchworkReadsThem(string json, int status, string expected)
    {
        var (response, body) = await Server.SendJsonAsync(HttpMethod.Post, "/api/patches/8/checks/", json, Data.MaintainerToken);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(expected, status == 201 ? body.GetProperty("state").GetString() : body.GetRawText());
    }

    private protected async Task<long> FirstCommentIdAsync()
    {
        var (_, comments) = await Server.GetAsync("/api/1.3/patches/1/comments/");
        return comments[0].GetProperty("id").GetInt64();
    }

    private protected Task<(HttpResponseMessage Response, JsonElement Body)> SendFormAsync(HttpMethod method, string path, string token, params (string Name, string Value)[] fields) =>
        Server.SendAsync(new HttpRequestMessage(method, path) { Content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))) }, token);

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
