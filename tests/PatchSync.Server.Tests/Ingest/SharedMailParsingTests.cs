using System.Globalization;
using PatchSync.Server.Ingest;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Ingest;

/// <summary>Parses Patchwork's own test mails and the generated series and compares with what the real server made of them.</summary>
public class SharedMailParsingTests
{
    public static TheoryData<string> Folders => new() { "mail", "series", "generated" };

    [SharedFixtureTheory]
    [MemberData(nameof(Folders))]
    public async Task Parse_EverySharedMail_ParsesOrSkipsWithReason(string folder)
    {
        var files = Directory.GetFiles(IngestFixtures.SharedMail(folder), "*.mbox");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var results = await IngestFixtures.ParseAsync(file);
            Assert.NotEmpty(results);
            Assert.All(results, r => Assert.True(r.Mail is not null ^ !string.IsNullOrWhiteSpace(r.SkipReason), file));
        }
    }

    [SharedFixtureFact]
    public async Task Parse_SharedMails_MatchRealServerPatchList()
    {
        var real = RealServerPatch.LoadAll();
        Assert.Equal(143, real.Count);
        var ours = new Dictionary<string, List<ParsedMail>>(StringComparer.Ordinal);
        foreach (var folder in new[] { "mail", "series", "generated" })
        {
            foreach (var file in Directory.GetFiles(IngestFixtures.SharedMail(folder), "*.mbox").Order(StringComparer.Ordinal))
            {
                foreach (var mail in await IngestFixtures.ParsedAsync(file))
                {
                    ours.TryAdd(mail.MessageId, []);
                    ours[mail.MessageId].Add(mail);
                }
            }
        }

        var problems = new List<string>();
        foreach (var expected in real.Values)
        {
            if (!ours.TryGetValue(expected.MessageId, out var candidates))
            {
                problems.Add($"#{expected.Id} <{expected.MessageId}>: not parsed");
                continue;
            }

            // Several test mails share a Message-ID; the server kept one of them, so one must match in full.
            var mismatches = candidates.Select(c => Differences(expected, c)).ToList();
            if (mismatches.All(m => m.Count > 0))
            {
                problems.Add($"#{expected.Id} <{expected.MessageId}>: " + string.Join("; ", mismatches.OrderBy(m => m.Count).First()));
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} of 143 patches differ:\n" + string.Join('\n', problems));
    }

    private static List<string> Differences(RealServerPatch expected, ParsedMail actual)
    {
        var differences = new List<string>();
        void Check(string field, string? want, string? got)
        {
            if (!string.Equals(want, got, StringComparison.Ordinal))
            {
                differences.Add($"{field}: want '{want}' got '{got}'");
            }
        }

        Check("kind", nameof(MailKind.Patch), actual.Kind.ToString());
        Check("name", expected.Name, actual.Name);
        Check("date", expected.Date, actual.Date.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        Check("hash", expected.Hash, actual.Hash);
        Check("submitter name", expected.SubmitterName, actual.SubmitterName);
        Check("submitter email", expected.SubmitterEmail, actual.SubmitterEmail);
        Check("pull_url", expected.PullUrl, actual.PullUrl);
        return differences;
    }
}
