using PatchSync.Core.Ports;
using PatchSync.Mail.Notmuch;
using PatchSync.Testing.MailStores;

namespace PatchSync.Bench.Mail;

/// <summary>notmuch with N messages indexed by one <c>notmuch new</c>.</summary>
internal static class NotmuchBench
{
    public static async Task RunAsync(int count, BenchReport report)
    {
        using var db = await NotmuchDatabase.CreateAsync();
        await report.MeasureAsync("notmuch", $"seed {count} (files + notmuch new)", async () =>
        {
            await Parallel.ForAsync(0, count, async (i, _) => await db.WriteFileAsync(TestMail.Create(ImapBench.Id(i), number: i)));
            await db.IndexNewAsync();
        });
        var options = new NotmuchStoreOptions { ConfigPath = db.ConfigPath };

        var first = await report.MeasureAsync("notmuch", "first index (one dump)", async () =>
        {
            await using var store = new NotmuchMailStore(options);
            return await store.ReadAsync(null);
        }, s => $"{s.Messages.Count} messages");

        // The alternative to a full dump: list every id (and dump only tagged ones). Listing alone:
        await report.MeasureAsync("notmuch", "(compare: search all ids, text0)", async () =>
            (await db.NotmuchAsync("search", "--output=messages", "--format=text0", "*")).Length, n => $"{n / 1024} KiB");

        var same = await report.MeasureAsync("notmuch", "incremental, no change", async () =>
        {
            await using var store = new NotmuchMailStore(options);
            return await store.ReadAsync(first.Checkpoint);
        }, s => $"{s.Messages.Count} changed");

        var changes = Math.Min(1000, count);
        var batch = Path.Combine(Path.GetTempPath(), $"pwsync-bench-{Guid.NewGuid():N}.batch");
        await File.WriteAllLinesAsync(batch, Enumerable.Range(0, changes).Select(i => $"+pw-other -- id:{ImapBench.Id(i)}"));
        await report.MeasureAsync("notmuch", $"(other client tags {changes})", () => db.NotmuchAsync("tag", "--batch", "--input=" + batch));
        File.Delete(batch);
        var delta = await report.MeasureAsync("notmuch", $"incremental, {changes} changed", async () =>
        {
            await using var store = new NotmuchMailStore(options);
            return await store.ReadAsync(same.Checkpoint);
        }, s => $"{s.Messages.Count} changed");

        var tagging = Math.Min(10_000, count);
        await using var writer = new NotmuchMailStore(options);
        await writer.ReadAsync(delta.Checkpoint);
        await report.MeasureAsync("notmuch", $"tag {tagging} (+pw-accepted -pw-other)", () =>
            writer.ApplyAsync(Enumerable.Range(0, tagging).Select(i => new TagChange(
                ImapBench.Id(i), new HashSet<string>(["pw-accepted"], StringComparer.Ordinal), new HashSet<string>(["pw-other"], StringComparer.Ordinal))).ToList()),
            r => $"{r.Applied.Count} applied, {r.Conflicts.Count} conflicts, {writer.Timings.Counter("notmuch.processes")} processes in total; {ImapBench.OneLine(writer.Timings)}");
    }
}
