using PatchSync.Server.Importing;
using PatchSync.Server.Tests.Support;
using PatchSync.Testing.Server;

namespace PatchSync.Server.Tests.Importing;

/// <summary>Ingest storage: bad mails skipped without aborting, batches split across transactions.</summary>
public sealed class MailImporterTests : IAsyncLifetime
{
    private TempSqliteDatabase _file = null!;

    public async Task InitializeAsync() =>
        _file = await TempSqliteDatabase.CreateAsync("pwsync-import", ("widgets", "Widgets", "widgets.lists.example.org"));

    public Task DisposeAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Import_MalformedMailsBetweenGoodOnes_SkipsThemAndStoresTheRest()
    {
        var sample = await File.ReadAllTextAsync(ServerProcess.SampleMbox);
        var cut = sample.IndexOf("\nFrom ", sample.Length / 2, StringComparison.Ordinal) + 1;
        const string broken = "From nobody Mon Sep 17 00:00:00 2001\nSubject: [PATCH] no sender, no id\n\n--- a/x\n+++ b/x\n\n"
            + "From nobody Mon Sep 17 00:00:00 2001\nFrom: Someone <someone@example.org>\nMessage-Id: <empty.1@example.org>\nSubject: [PATCH] nothing in it\n\n\n";
        var path = _file.Directory.File("mixed.mbox");
        await File.WriteAllTextAsync(path, sample[..cut] + broken + sample[cut..]);
        var log = new StringWriter();

        var summary = await new MailImporter(_file.Database, TimeProvider.System).ImportAsync("widgets", [path], log, CancellationToken.None);

        Assert.Equal((16, 4, 10, 3), (summary.Patches, summary.Covers, summary.Comments, summary.Skipped));
        Assert.Equal(3, log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Import_SeriesSpreadOverTwoRuns_JoinsTheStoredSeries()
    {
        var sample = await File.ReadAllTextAsync(ServerProcess.SampleMbox);
        var secondPatch = sample.IndexOf("Subject: [PATCH 2/3]", StringComparison.Ordinal);
        var cut = sample.LastIndexOf("\nFrom ", secondPatch, StringComparison.Ordinal) + 1;
        await File.WriteAllTextAsync(_file.Directory.File("a.mbox"), sample[..cut]);
        await File.WriteAllTextAsync(_file.Directory.File("b.mbox"), sample[cut..]);
        var importer = new MailImporter(_file.Database, TimeProvider.System);

        var first = await importer.ImportAsync("widgets", [_file.Directory.File("a.mbox")], TextWriter.Null, CancellationToken.None);
        var second = await importer.ImportAsync("widgets", [_file.Directory.File("b.mbox")], TextWriter.Null, CancellationToken.None);

        Assert.Equal((1, 1), (first.Patches, first.Covers));
        Assert.Equal(6, first.Series + second.Series);
        await using var connection = await _file.Database.OpenConnectionAsync(CancellationToken.None);
        var received = await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT received_total FROM series WHERE id = 1");
        Assert.Equal(3, received);
    }
}
