using Microsoft.Extensions.Time.Testing;
using PatchSync.Cli.Output;
using PatchSync.Cli.Running;
using PatchSync.Sync.Engine;

namespace PatchSync.Cli.Tests.Output;

public sealed class ProgressReporterTests : IDisposable
{
    private const string Project = "widgets";
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();
    private readonly FakeTimeProvider _time = new();

    public void Dispose()
    {
        _out.Dispose();
        _err.Dispose();
    }

    private ProgressReporter Reporter(bool terminal) =>
        ProgressReporter.Create(new CliConsole(_out, _err, terminal), Verbosity.Normal, json: false, _time)!;

    private static SyncProgress Step(string phase, long done, long? total = null) => new(Project, phase, done, total);

    private static string Bar(int filled, int width = 30) => "[" + new string('#', filled) + new string(' ', width - filled) + "]";

    [Fact]
    public void Report_OnTerminal_DrawsPhaseBarAndDoneOfTotalAfterCarriageReturn()
    {
        using var progress = Reporter(terminal: true);

        progress.Report(Step("pushing", 3, 10));

        Assert.Equal($"\rwidgets: pushing {Bar(9)} 3/10", _err.ToString());
        Assert.Empty(_out.ToString());
    }

    [Fact]
    public void Report_OnTerminalWithoutTotal_DrawsCountWithoutBar()
    {
        using var progress = Reporter(terminal: true);

        progress.Report(Step("listing patches", 250));

        Assert.Equal("\rwidgets: listing patches 250", _err.ToString());
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(10, 30)]
    [InlineData(12, 30)]
    public void Report_OnTerminal_BarFillsInProportionAndNeverOverflows(long done, int filled)
    {
        using var progress = Reporter(terminal: true);

        progress.Report(Step("retagging", done, 10));

        Assert.Equal($"\rwidgets: retagging {Bar(filled)} {done}/10", _err.ToString());
    }

    [Fact]
    public void Report_OnTerminalLongPhase_NarrowsTheBarToFit79Columns()
    {
        using var progress = Reporter(terminal: true);
        var project = new string('p', 22);

        progress.Report(new SyncProgress(project, "reading changed patches", 500, 1000));

        // Phase 22 + 2 + 23, bar " [" + 20 + "]", numbers " 500/1000": 47 + 23 + 9 = 79 columns.
        var line = $"{project}: reading changed patches {Bar(10, 20)} 500/1000";
        Assert.Equal(79, line.Length);
        Assert.Equal("\r" + line, _err.ToString());
    }

    [Theory]
    [InlineData(1000L)]
    [InlineData(null)]
    public void Report_OnTerminalPhaseTooLongForAnyBar_IsCutAndKeepsTheNumbers(long? total)
    {
        using var progress = Reporter(terminal: true);
        var project = new string('p', 100);

        progress.Report(new SyncProgress(project, "pushing", 500, total));

        var drawn = _err.ToString();
        Assert.Equal(80, drawn.Length);
        Assert.StartsWith("\rppp", drawn);
        Assert.EndsWith(total is null ? "... 500" : $"... {Bar(5, 10)} 500/1000", drawn);
    }

    [Fact]
    public void Report_OnTerminalSamePhaseWithin100ms_IsNotRedrawnUntilTheIntervalPassed()
    {
        using var progress = Reporter(terminal: true);
        progress.Report(Step("pushing", 1, 10));
        var first = _err.ToString();

        _time.Advance(TimeSpan.FromMilliseconds(99));
        progress.Report(Step("pushing", 2, 10));
        progress.Report(Step("pushing", 3, 10));
        Assert.Equal(first, _err.ToString());

        _time.Advance(TimeSpan.FromMilliseconds(1));
        progress.Report(Step("pushing", 4, 10));
        Assert.Equal(first + $"\rwidgets: pushing {Bar(12)} 4/10", _err.ToString());
    }

    [Fact]
    public void Report_OnTerminalNewPhaseWithin100ms_IsDrawnAtOnce()
    {
        using var progress = Reporter(terminal: true);

        progress.Report(Step("reading mail", 16));
        progress.Report(Step("retagging", 0, 16));

        Assert.Equal($"\rwidgets: reading mail 16\rwidgets: retagging {Bar(0)} 0/16", _err.ToString());
    }

    [Fact]
    public void Report_OnTerminalShorterLineAfterLonger_IsPaddedOverTheOldOne()
    {
        using var progress = Reporter(terminal: true);
        const string Long = "widgets: reading changed patches 1234";

        progress.Report(Step("reading changed patches", 1234));
        progress.Report(Step("pushing", 7));

        var shorter = "widgets: pushing 7";
        Assert.Equal($"\r{Long}\r{shorter}{new string(' ', Long.Length - shorter.Length)}", _err.ToString());
    }

    [Fact]
    public void Report_OnTerminalEvery40ms_RedrawsEvery120msOnOneLine()
    {
        using var progress = Reporter(terminal: true);

        // Reports at 0, 40, 80, ... 2000 ms: drawn at 0, 120, 240, ... 1920 ms (the first report 100 ms
        // or more after the last draw).
        for (var done = 0; done <= 50; done++)
        {
            progress.Report(Step("pushing", done, 50));
            _time.Advance(TimeSpan.FromMilliseconds(40));
        }

        var drawn = _err.ToString();
        Assert.Equal(17, drawn.Count(c => c == '\r'));
        Assert.DoesNotContain('\n', drawn);
        Assert.EndsWith($"\rwidgets: pushing {Bar(28)} 48/50", drawn);
    }

    [Fact]
    public void Dispose_OnTerminalAfterDrawing_ClearsTheLine()
    {
        var progress = Reporter(terminal: true);
        progress.Report(Step("pushing", 3, 10));
        var drawn = _err.ToString();
        var length = drawn.Length - 1;

        progress.Dispose();
        progress.Dispose();

        Assert.Equal(drawn + "\r" + new string(' ', length) + "\r", _err.ToString());
    }

    [Fact]
    public void Dispose_OnTerminalWithNothingDrawn_WritesNothing()
    {
        Reporter(terminal: true).Dispose();

        Assert.Empty(_err.ToString());
    }

    [Fact]
    public void Report_OffTerminal_OnePlainLinePerPhaseWithoutControlCharacters()
    {
        using (var progress = Reporter(terminal: false))
        {
            progress.Report(Step("listing patches", 100));
            progress.Report(Step("listing patches", 200));
            _time.Advance(TimeSpan.FromSeconds(1));
            progress.Report(Step("listing patches", 300));
            progress.Report(Step("reading mail", 300));
            for (var done = 1; done <= 20; done++)
            {
                progress.Report(Step("pushing", done, 20));
            }
        }

        Assert.Equal("widgets: listing patches\nwidgets: reading mail\nwidgets: pushing\n", _err.ToString());
        Assert.DoesNotContain(_err.ToString(), c => char.IsControl(c) && c != '\n');
        Assert.Empty(_out.ToString());
    }

    [Fact]
    public void Report_OffTerminalNextProject_StartsANewLine()
    {
        using var progress = Reporter(terminal: false);

        progress.Report(new SyncProgress("a", "reading mail", 1, null));
        progress.Report(new SyncProgress("b", "reading mail", 1, null));

        Assert.Equal("a: reading mail\nb: reading mail\n", _err.ToString());
    }

    [Theory]
    [InlineData(nameof(Verbosity.Quiet), false, true)]
    [InlineData(nameof(Verbosity.Quiet), false, false)]
    [InlineData(nameof(Verbosity.Normal), true, true)]
    [InlineData(nameof(Verbosity.Verbose), true, false)]
    public void Create_QuietOrJson_ShowsNothing(string verbosity, bool json, bool terminal)
    {
        var progress = ProgressReporter.Create(new CliConsole(_out, _err, terminal), Enum.Parse<Verbosity>(verbosity), json, _time);

        Assert.Null(progress);
    }

    [Theory]
    [InlineData(nameof(Verbosity.Normal))]
    [InlineData(nameof(Verbosity.Verbose))]
    public void Create_NormalOrVerboseText_Shows(string verbosity)
    {
        using var progress = ProgressReporter.Create(new CliConsole(_out, _err, IsTerminal: false), Enum.Parse<Verbosity>(verbosity), json: false, _time);

        Assert.NotNull(progress);
    }
}
