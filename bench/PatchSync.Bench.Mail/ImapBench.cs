using System.Globalization;
using PatchSync.Core.Ports;
using PatchSync.Core.Secrets;
using PatchSync.Mail.Imap;
using PatchSync.Testing.MailStores;

namespace PatchSync.Bench.Mail;

/// <summary>
/// IMAP against a throwaway Dovecot holding N messages in INBOX, stored as Maildir (Dovecot reads the
/// 100k-entry directory and uidlist on every SELECT) or sdbox (its index is the store).
/// </summary>
internal static class ImapBench
{
    public static async Task RunAsync(int count, string layout, BenchReport report)
    {
        // The start script reads the layout from its environment, which it inherits from us.
        Environment.SetEnvironmentVariable("DOVECOT_TEST_MAIL_LOCATION", layout == "sdbox" ? "sdbox:~/sdbox" : null);
        await using var server = await DovecotServer.StartAsync();
        await report.MeasureAsync("imap", $"seed {count} ({layout})", () => SeedAsync(server, count, layout));
        Environment.SetEnvironmentVariable("PWSYNC_BENCH_IMAP_PASSWORD", DovecotServer.Password);

        var (first, _) = await report.MeasureAsync("imap", "first index", () => ReadAsync(server, null),
            r => $"{r.Snapshot.Messages.Count} messages, checkpoint {r.Snapshot.Checkpoint.Value.Length / 1024} KiB; {r.Timings}");

        var (same, _) = await report.MeasureAsync("imap", "incremental, no change", () => ReadAsync(server, first.Checkpoint),
            r => $"{r.Snapshot.Messages.Count} changed; {r.Timings}");

        // The first SELECT after another session rewrote Dovecot's cache re-reads it; a periodic run
        // with nothing new meets the steady state measured here.
        await report.MeasureAsync("imap", "incremental, no change (again)", () => ReadAsync(server, same.Checkpoint),
            r => $"{r.Snapshot.Messages.Count} changed; {r.Timings}");

        var changes = Math.Min(1000, count);
        await report.MeasureAsync("imap", $"(other client flags {changes})", () =>
            server.FlagsAsync("add", "INBOX", $"uid 1:{changes}", "pw-other"));
        var (delta, _) = await report.MeasureAsync("imap", $"incremental, {changes} changed", () => ReadAsync(server, same.Checkpoint),
            r => $"{r.Snapshot.Messages.Count} changed; {r.Timings}");

        var tagging = Math.Min(10_000, count);
        await using var writer = CreateStore(server);
        await writer.ReadAsync(delta.Checkpoint);
        var result = await report.MeasureAsync("imap", $"tag {tagging} (+pw-accepted -pw-other)", () =>
            writer.ApplyAsync(Enumerable.Range(0, tagging).Select(i => new TagChange(
                Id(i), new HashSet<string>(["pw-accepted"], StringComparer.Ordinal), new HashSet<string>(["pw-other"], StringComparer.Ordinal))).ToList()),
            r => $"{r.Applied.Count} applied, {r.Conflicts.Count} conflicts, {writer.Timings.Counter("imap.roundtrips")} round trips in total");
    }

    /// <summary>A read by a fresh store (as a new pwsync run would do), with its phase timings on one line.</summary>
    private static async Task<(MailSnapshot Snapshot, string Timings)> ReadAsync(DovecotServer server, MailCheckpoint? since)
    {
        await using var store = CreateStore(server);
        var snapshot = await store.ReadAsync(since);
        return (snapshot, OneLine(store.Timings));
    }

    internal static string OneLine(PatchSync.Core.Diagnostics.PhaseTimings timings) =>
        string.Join(", ", timings.Phases.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value.TotalSeconds:F3}")));

    internal static string Id(int i) => string.Create(CultureInfo.InvariantCulture, $"bench-{i}@example.invalid");

    private static ImapMailStore CreateStore(DovecotServer server) => new(new ImapStoreOptions
    {
        Host = DovecotServer.Host,
        Port = server.Port,
        Security = ImapSecurity.Insecure,
        User = DovecotServer.User,
        Password = new SecretSource(SecretSourceKind.Environment, "PWSYNC_BENCH_IMAP_PASSWORD"),
        Timeout = TimeSpan.FromMinutes(5),
    });

    /// <summary>
    /// Writes the messages straight into the Maildir (doveadm save would be one process per message),
    /// gives them to the mail user (Dovecot refuses root-owned files it cannot rename), and lets
    /// <c>doveadm force-resync</c> assign the UIDs, so the first index does not pay for the scan. For
    /// sdbox the same Maildir is built aside and brought in by one <c>doveadm import</c>.
    /// </summary>
    private static async Task SeedAsync(DovecotServer server, int count, string layout)
    {
        var maildir = layout == "sdbox" ? Path.Combine(server.BaseDir, "home", DovecotServer.User, "seed", "Maildir") : server.MaildirOf();
        foreach (var sub in new[] { "cur", "new", "tmp" })
        {
            Directory.CreateDirectory(Path.Combine(maildir, sub));
        }

        var cur = Path.Combine(maildir, "cur");
        await Parallel.ForAsync(0, count, async (i, ct) =>
            await File.WriteAllTextAsync(Path.Combine(cur, string.Create(CultureInfo.InvariantCulture, $"{1_700_000_000 + i}.M{i}P1.bench:2,S")), TestMail.Create(Id(i), number: i), ct));
        var home = Path.Combine(server.BaseDir, "home", DovecotServer.User);
        await ExternalCommand.RunAsync("chown", ["-R", "--reference=" + home, Path.GetDirectoryName(maildir)!]);
        if (layout == "sdbox")
        {
            await server.DoveadmAsync("import", "-u", DovecotServer.User, "-s", "maildir:" + maildir, string.Empty, "all");
            Directory.Delete(maildir, recursive: true);
        }
        else
        {
            await server.DoveadmAsync("force-resync", "-u", DovecotServer.User, "INBOX");
        }
    }
}
