using PatchSync.Cli.Output;
using PatchSync.Cli.Running;
using PatchSync.Core.Model;
using PatchSync.Core.Planning;
using PatchSync.Sync.Engine;

namespace PatchSync.Cli.Tests.Output;

public sealed class ReportPrinterTests : IDisposable
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public void Dispose()
    {
        _out.Dispose();
        _err.Dispose();
    }

    [Fact]
    public void Print_CountsOfOne_SingularNouns()
    {
        var project = Started("demo");
        project.TrackerRead = 1;
        project.MailRead = 1;
        project.MailMissing = 1;
        project.Conflicts.Add(Conflict());

        Print(project);

        Assert.StartsWith("demo (incremental): 1 patch read, 1 mail read; 0 retagged, 0 pushed, 1 conflict, 1 patch without mail", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Print_OtherCounts_PluralNouns()
    {
        var project = Started("demo");
        project.TrackerRead = 2;

        Print(project);

        Assert.StartsWith("demo (incremental): 2 patches read, 0 mails read; 0 retagged, 0 pushed, 0 conflicts, 0 patches without mail", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Print_Json_MessageIdsAndQuotesReadable()
    {
        var project = Started("demo");
        project.Conflicts.Add(Conflict());
        project.Warnings.Add("<a@example.org> was changed by \"another\" client");

        Print(project, json: true);

        var text = _out.ToString();
        Assert.Contains("\"message_id\": \"a@example.org\"", text, StringComparison.Ordinal);
        Assert.Contains("<a@example.org> was changed by \\\"another\\\" client", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u003C", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0022", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Print_ProjectRefusedBeforeItStarted_OnlyTheErrorNoSummary()
    {
        var project = new ProjectReport("demo");
        project.Errors.Add(new SyncError(SyncArea.Usage, "demo: the first sync needs a start date"));

        Print(project);

        Assert.Empty(_out.ToString());
        Assert.Equal("pwsync: demo: the first sync needs a start date\n", _err.ToString().ReplaceLineEndings("\n"));
    }

    private static ProjectReport Started(string name) => new(name) { Started = true };

    private static ConflictDecided Conflict() =>
        new(1, "a@example.org", new PatchSnapshot("new", false), new PatchSnapshot("accepted", false), new PatchSnapshot("rejected", false), ConflictRule.Tracker, "both changed");

    private void Print(ProjectReport project, bool json = false) =>
        ReportPrinter.Print(
            new SyncReport([project], DryRun: false),
            SyncSetup.Empty,
            new SyncOptions("pwsync.toml", false, null, [], false, json, false, Verbosity.Normal),
            new CliConsole(_out, _err, IsTerminal: false));
}
