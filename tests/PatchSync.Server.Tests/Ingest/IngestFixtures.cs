using MimeKit;
using PatchSync.Server.Ingest;
using PatchSync.Testing;

namespace PatchSync.Server.Tests.Ingest;

/// <summary>Reads and parses mails for the ingest tests: the shared Patchwork mails and this project's own.</summary>
internal static class IngestFixtures
{
    /// <summary>The link name of the project the real server was loaded into (its prefix is dropped from names).</summary>
    public const string RealProject = "testproj";

    public static MailParser Parser { get; } = new(new MailParserOptions { DropPrefixes = [RealProject] });

    public static string SharedMail(params string[] parts) =>
        SharedFixtures.File(["patchwork-mail", .. parts]) ?? throw new InvalidOperationException(SharedFixtures.MissingMessage);

    public static string Own(string name) =>
        Path.Combine(SharedFixtures.RepositoryRoot, "tests", "PatchSync.Server.Tests", "Ingest", "Mails", name);

    public static async Task<List<SourcedMail>> ReadAsync(string path)
    {
        var mails = new List<SourcedMail>();
        await foreach (var mail in MailSource.ReadAsync(path, CancellationToken.None))
        {
            mails.Add(mail);
        }

        return mails;
    }

    /// <summary>
    /// Every mail of <paramref name="path"/> parsed; a read error fails the test. A mail without a
    /// Message-Id gets "&lt;file-name@pw-test.example&gt;", as the real server's loader gave them.
    /// </summary>
    public static async Task<List<MailParseResult>> ParseAsync(string path, MailParser? parser = null)
    {
        var results = new List<MailParseResult>();
        foreach (var mail in await ReadAsync(path))
        {
            Assert.True(mail.IsOk, $"{mail.Origin}: {mail.Error}");
            if (!mail.Message!.Headers.Contains(HeaderId.MessageId))
            {
                mail.Message.Headers.Add(HeaderId.MessageId, $"<{Path.GetFileNameWithoutExtension(path)}@pw-test.example>");
            }

            results.Add((parser ?? Parser).Parse(mail.Message));
        }

        return results;
    }

    public static async Task<List<ParsedMail>> ParsedAsync(string path) =>
        [.. (await ParseAsync(path)).Where(r => !r.IsSkipped).Select(r => r.Mail!)];

    public static Task<SeriesGroupingResult> GroupAsync(IEnumerable<ParsedMail> mails, ISeriesLookup? lookup = null) =>
        SeriesGrouping.GroupAsync(mails, lookup ?? new InMemorySeriesLookup(), CancellationToken.None);
}
