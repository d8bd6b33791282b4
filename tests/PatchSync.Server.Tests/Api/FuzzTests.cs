using System.Text;
using System.Text.Json;
using CsCheck;
using Dapper;
using PatchSync.Server.Data.Stores;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Api;

/// <summary>
/// Random requests against every route of the real server over HTTP (random methods, query strings,
/// bodies of random bytes or random JSON, content types and credentials): no answer is a 5xx, and a
/// refused request (4xx) leaves the database exactly as it was. A failure prints the request and
/// CsCheck's seed, which replays it.
/// </summary>
public sealed class FuzzTests : IAsyncLifetime
{
    private static readonly string[] QueryKeys =
    [
        "project", "state", "submitter", "delegate", "series", "archived", "hash", "msgid", "since", "before", "q", "order",
        "page", "per_page", "category", "patch", "cover", "actor", "user", "context", "owner", "public", "format",
    ];

    private static readonly string[] QueryValues =
    [
        "", "0", "-1", "1", "2", "last", "99999999999999999999", "new", "under-review", "Accepted", "widgets", "maint",
        "ada@widgets.example.org", "true", "false", "both", "2025-06-02T00:00:00", "2025-06-02T00:00:00Z",
        "2025-06-02T00:00:00%2B05:30", "9999-99-99", "-date", "name,-id", "%00", "%ff%fe", "%ZZ", "%", "a%20b", "%e2%82%ac",
        "patch-state-changed", "ci-build", "x'--", "\"", "1e309",
    ];

    private static readonly string[] Methods = ["GET", "GET", "HEAD", "POST", "PATCH", "PATCH", "PUT", "DELETE", "OPTIONS", "TRACE", "FOO"];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json", "application/json; charset=latin1", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=xyz", "multipart/form-data", "text/plain", "",
    ];

    private static readonly string[] WritableKeys =
    [
        "state", "delegate", "archived", "commit_ref", "pull_url", "related", "context", "target_url", "description",
        "addressed", "name", "public", "patches", "project", "id",
    ];

    private TestData _data = null!;
    private ApiServer _server = null!;
    private string[] _routes = [];

    public async Task InitializeAsync()
    {
        _data = await TestData.CreateSqliteAsync();
        _server = await ApiServer.StartAsync(_data.Database);
        await using var connection = await _data.Database.OpenConnectionAsync(CancellationToken.None);
        var patchMsgid = (await connection.QueryFirstAsync<string>("SELECT msgid FROM patches ORDER BY id")).Trim('<', '>');
        var coverMsgid = (await connection.QueryFirstAsync<string>("SELECT msgid FROM covers ORDER BY id")).Trim('<', '>');
        var api = new[]
        {
            "", "projects/", "projects/{link}/", "projects/{id}/", "patches/", "patches/{id}/", "patches/{id}/comments/",
            "patches/{id}/comments/{cid}/", "patches/{id}/checks/", "patches/{id}/checks/{cid}/", "covers/", "covers/{id}/",
            "covers/{id}/comments/", "covers/{id}/comments/{cid}/", "series/", "series/{id}/", "events/", "people/",
            "people/{id}/", "users/", "users/{id}/", "bundles/", "bundles/{id}/",
        };
        // Bundles to read, change and delete: public and private, of the maintainer and of the plain user.
        var bundles = new BundleStore(_data.Database);
        await bundles.CreateAsync(_data.MaintainerId, new BundleChanges("fuzz public", true, [1, 2], 1), CancellationToken.None);
        await bundles.CreateAsync(_data.MaintainerId, new BundleChanges("fuzz-private", false, [3], 1), CancellationToken.None);
        await bundles.CreateAsync(_data.PlainId, new BundleChanges("fuzz-private", false, [4, 5], 1), CancellationToken.None);
        var prefixes = new[] { "/api/", "/api/1.0/", "/api/1.1/", "/api/1.2/", "/api/1.3/", "/api/9.9/" };
        _routes =
        [
            .. prefixes.SelectMany(p => api.Select(r => p + r)),
            $"/project/{{link}}/patch/{patchMsgid}/mbox/", $"/project/{{link}}/patch/{patchMsgid}/raw/",
            $"/project/{{link}}/cover/{coverMsgid}/mbox/", "/project/{link}/patch/{msgid}/mbox/", "/series/{id}/mbox/",
            "/bundle/maint/fuzz%20public/mbox/", "/bundle/maint/fuzz-private/mbox/", "/bundle/plain/fuzz-private/mbox/", "/bundle/{link}/{msgid}/mbox/",
        ];
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _data.DisposeAsync();
    }

    [Fact]
    public async Task RandomRequests_NeverAnswer5xx_AndRefusalsChangeNothing()
    {
        var request = Gen.Select(
            Gen.OneOf(Methods),
            Gen.Int[0, _routes.Length - 1].Select(i => _routes[i]),
            RouteValuesGen(),
            QueryGen(),
            BodyGen(),
            Gen.OneOf(ContentTypes),
            CredentialsGen(),
            (method, route, values, query, body, contentType, credentials) => new FuzzRequest(
                method,
                route.Replace("{id}", values.Id).Replace("{cid}", values.ChildId).Replace("{link}", values.Link).Replace("{msgid}", values.Msgid) + query,
                body,
                contentType,
                credentials));

        await request.SampleAsync(
            async r =>
            {
                var before = await DatabaseFingerprint.ReadAsync(_data.Database, CancellationToken.None);
                var headers = new List<byte[]>();
                if (r.ContentType.Length > 0)
                {
                    headers.Add(Encoding.ASCII.GetBytes("Content-Type: " + r.ContentType));
                }

                if (r.Credentials is { } credentials)
                {
                    headers.Add([.. "Authorization: "u8, .. credentials]);
                }

                var answer = await RawHttp.SendAsync(_server.BaseUrl, r.Method, Encoding.Latin1.GetBytes(r.Target), headers, r.Body, CancellationToken.None);

                Assert.True(answer.Status < 500, $"{r} answered {answer.Status}: {answer.BodyText}");
                if (answer.Status >= 400 || r.Method is "GET" or "HEAD" or "OPTIONS")
                {
                    var after = await DatabaseFingerprint.ReadAsync(_data.Database, CancellationToken.None);
                    Assert.True(before == after, $"{r} answered {answer.Status} but changed the database");
                }
            },
            iter: 600,
            threads: 1,
            print: r => r.ToString());
    }

    private sealed record FuzzRequest(string Method, string Target, byte[]? Body, string ContentType, byte[]? Credentials)
    {
        public override string ToString() =>
            $"{Method} {Target} [{ContentType}] auth={(Credentials is null ? "-" : Encoding.Latin1.GetString(Credentials))} body={(Body is null ? "-" : Encoding.Latin1.GetString(Body[..Math.Min(Body.Length, 300)]))}";
    }

    private sealed record RouteValues(string Id, string ChildId, string Link, string Msgid);

    private static Gen<RouteValues> RouteValuesGen()
    {
        var id = Gen.Frequency(
            (6, Gen.Int[1, 40].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            (1, Gen.OneOf("0", "-1", "99999999999999999999", "9223372036854775807", "abc", "%ff", "1.5")));
        var link = Gen.OneOf("widgets", "gadgets", "WIDGETS", "none", "%e9", "a%2Fb");
        var msgid = Gen.OneOf("x@y", "%3Cx%40y%3E", "%ff", "a%2Fb@c", "");
        return Gen.Select(id, id, link, msgid, (a, b, l, m) => new RouteValues(a, b, l, m));
    }

    private static Gen<string> QueryGen()
    {
        var value = Gen.Frequency(
            (4, Gen.OneOf(QueryValues)),
            (1, Gen.Byte.Array[0, 12].Select(bytes => string.Concat(bytes.Select(b => $"%{b:x2}")))),
            (1, Gen.Int[1000, 20000].Select(n => new string('z', n))));
        var key = Gen.Frequency((8, Gen.OneOf(QueryKeys)), (1, Gen.OneOf("%ff", "", "page[]", "a%00b")));
        var pair = Gen.Select(key, value, (k, v) => $"{k}={v}");
        return pair.Array[0, 5].Select(pairs => pairs.Length == 0 ? "" : "?" + string.Join("&", pairs));
    }

    private static Gen<byte[]?> BodyGen()
    {
        var jsonValue = Gen.Frequency<string>(
            (3, Gen.OneOf("null", "true", "false", "0", "-1", "1", "99999999999999999999999", "1e400", "1.5", "\"\"", "[]", "{}", "[1,2,3]", "[\"1\"]", "{\"a\":1}", "[2]", "[17,1]", "[null]", "[1.5]")),
            (3, Gen.OneOf("\"new\"", "\"accepted\"", "\"Under Review\"", "\"success\"", "\"fail\"", "\"ci-build\"", "\"https://x.example/\"", "\"widgets\"")),
            (2, Gen.String.Select(s => JsonSerializer.Serialize(s))),
            (1, Gen.Int[0, 300].Select(n => JsonSerializer.Serialize(new string('x', n)))),
            (1, Gen.OneOf("\"\\ud800\"", "\"\\u0000\"", "\"a\\u0000b\"", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")));
        var member = Gen.Select(Gen.Frequency((6, Gen.OneOf(WritableKeys)), (1, Gen.String.Select(s => s))), jsonValue, (k, v) => JsonSerializer.Serialize(k) + ":" + v);
        var jsonObject = member.Array[0, 5].Select(m => Encoding.UTF8.GetBytes("{" + string.Join(",", m) + "}"));
        var randomBytes = Gen.Byte.Array[0, 400];
        // Bytes that are not UTF-8 inside the value of a field the handlers read, then the other members.
        var invalidUtf8 = Gen.Select(Gen.OneOf(WritableKeys), jsonObject, (key, json) =>
            (byte[])[.. Encoding.UTF8.GetBytes("{\"" + key + "\":\"a"), 0xc3, 0x28, 0xff, .. "\""u8, .. (json.Length > 2 ? [(byte)',', .. json[1..]] : "}"u8.ToArray())]);
        var notAnObject = jsonValue.Select(Encoding.UTF8.GetBytes);
        var truncated = jsonObject.Select(json => json[..(json.Length / 2)]);
        var form = Gen.Select(Gen.OneOf(WritableKeys), Gen.OneOf(QueryValues), (k, v) => Encoding.ASCII.GetBytes($"{k}={v}"));
        return Gen.Frequency<byte[]?>(
            (2, Gen.Const((byte[]?)null)),
            (6, jsonObject.Select(b => (byte[]?)b)),
            (2, randomBytes.Select(b => (byte[]?)b)),
            (2, invalidUtf8.Select(b => (byte[]?)b)),
            (1, notAnObject.Select(b => (byte[]?)b)),
            (1, truncated.Select(b => (byte[]?)b)),
            (1, form.Select(b => (byte[]?)b)));
    }

    private Gen<byte[]?> CredentialsGen()
    {
        var basic = Gen.OneOf("maint:secret", "maint:", ":", "nobody:x", "maint").Select(s => Encoding.ASCII.GetBytes("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(s))));
        return Gen.Frequency<byte[]?>(
            (3, Gen.Const((byte[]?)null)),
            (4, Gen.Const<byte[]?>(Encoding.ASCII.GetBytes("Token " + _data.MaintainerToken))),
            (2, Gen.Const<byte[]?>(Encoding.ASCII.GetBytes("Token " + _data.PlainToken))),
            (1, Gen.OneOf("Token ", "Token 0000000000000000000000000000000000000000", "Basic", "Basic %%%", "Bearer x", "token   ").Select(s => (byte[]?)Encoding.ASCII.GetBytes(s))),
            (1, basic.Select(b => (byte[]?)b)),
            (1, Gen.Byte[0x21, 0xff].Array[1, 40].Select(b => (byte[]?)[.. "Token "u8, .. b])));
    }
}
