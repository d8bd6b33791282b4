using System.Text.Json;
using PatchSync.Server.Ingest;
using PatchSync.Server.Tests.Support;
using PatchSync.Testing;

namespace PatchSync.Server.Tests.Ingest;

/// <summary>The content and diff the real server shows in detail views equal what the parser extracts.</summary>
public class SharedDetailContentTests
{
    private static readonly Lazy<Task<Dictionary<string, ParsedMail>>> AllMails = new(LoadAllAsync);

    [SharedFixtureTheory]
    [InlineData("11-patch-detail.json")]
    [InlineData("12-patch-detail-v1.3.json")]
    [InlineData("13-patch-detail-binary.json")]
    [InlineData("32-patch-update-accepted.json")]
    [InlineData("36-patch-update-multi-fields.json")]
    [InlineData("37-patch-update-basic-auth.json")]
    [InlineData("29-cover-detail.json")]
    [InlineData("19-patch-comments.json")]
    [InlineData("29b-cover-comments.json")]
    public async Task Parse_RealDetailFixture_SameContentAndDiff(string fixture)
    {
        var mails = await AllMails.Value;
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(SharedFixtures.File("patchwork-real", fixture)!));
        var items = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement.EnumerateArray().ToList() : [json.RootElement];
        Assert.NotEmpty(items);
        foreach (var item in items)
        {
            var msgid = item.GetProperty("msgid").GetString()!.Trim('<', '>');
            var mail = mails[msgid];
            Assert.Equal(item.GetProperty("content").GetString(), mail.Content);
            if (item.TryGetProperty("diff", out var diff))
            {
                Assert.Equal(diff.GetString(), mail.Diff);
            }

            if (item.TryGetProperty("subject", out var subject))
            {
                Assert.Equal(subject.GetString(), mail.Subject);
            }
        }
    }

    // The first parse of each Message-ID, in the order the real server was loaded.
    private static async Task<Dictionary<string, ParsedMail>> LoadAllAsync()
    {
        var mails = new Dictionary<string, ParsedMail>(StringComparer.Ordinal);
        foreach (var folder in new[] { "mail", "series", "generated" })
        {
            foreach (var file in Directory.GetFiles(IngestFixtures.SharedMail(folder), "*.mbox").Order(StringComparer.Ordinal))
            {
                foreach (var mail in await IngestFixtures.ParsedAsync(file))
                {
                    mails.TryAdd(mail.MessageId, mail);
                }
            }
        }

        return mails;
    }
}
