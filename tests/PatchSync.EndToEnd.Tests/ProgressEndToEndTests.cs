using System.Text;
using System.Text.RegularExpressions;
using PatchSync.EndToEnd.Tests.Support;
using PatchSync.Testing;

namespace PatchSync.EndToEnd.Tests;

/// <summary>
/// pwsync's progress as a user sees it: run under a real pseudo-terminal against a real pwsync-server
/// and notmuch, a bar redrawn in place on stderr; with stderr redirected (journald, a log file), plain
/// lines with no control characters.
/// </summary>
public sealed partial class ProgressEndToEndTests : IAsyncLifetime
{
    private SyncWorld _w = null!;
    private TempDirectory _dir = null!;

    public async Task InitializeAsync()
    {
        _w = await SyncWorld.CreateAsync();
        _dir = new TempDirectory("pwsync-e2e-progress");
    }

    public async Task DisposeAsync()
    {
        _dir.Dispose();
        await _w.DisposeAsync();
    }

    [Fact]
    public async Task Pwsync_OnATerminalWithALongRun_RedrawsProgressInPlaceAndClearsItBeforeTheSummary()
    {
        // Enough patches that the listing reports progress too (every 1000 patches).
        await AddPatchesAsync(1100);

        var run = await PseudoTerminal.RunAsync(Pwsync());

        Assert.True(run.ExitCode == 0, Show(run.Output));
        var screen = run.Output;
        var summary = screen.IndexOf("widgets (", StringComparison.Ordinal);
        Assert.True(summary > 0, Show(screen));
        var progress = screen[..summary];
        Assert.Contains("\rwidgets: listing patches 1000", progress);
        Assert.Contains("\rwidgets: reading mail ", progress);
        Assert.Contains($"\rwidgets: retagging [{new string(' ', 30)}] 0/1116", progress);
        Assert.DoesNotContain('\n', progress);
        Assert.Matches(@"\r +\r$", progress);
        Assert.Contains("1116 retagged", screen[summary..]);
    }

    [Fact]
    public async Task Pwsync_PushingOnATerminal_DrawsAFillingBar()
    {
        Assert.Equal(0, (await _w.PwsyncAsync()).ExitCode);
        var patches = await _w.PatchesAsync();
        foreach (var patch in patches.Take(12))
        {
            await _w.Mail.TagAsync(patch.MessageId, "+pw-accepted", "-pw-new");
        }

        var run = await PseudoTerminal.RunAsync(Pwsync());

        Assert.True(run.ExitCode == 0, Show(run.Output));
        Assert.Matches(@"\rwidgets: pushing \[#+ *\] ([1-9]|1[0-2])/12", run.Output);
        Assert.Contains("12 pushed", run.Output);
        Assert.Equal("accepted", await _w.StateOfAsync(patches[11].Id));
    }

    [Fact]
    public async Task Pwsync_StdoutToAFileStderrOnATerminal_DrawsProgressOnStderr()
    {
        var output = _dir.File("out.txt");

        var run = await PseudoTerminal.RunAsync($"{Pwsync()} >{PseudoTerminal.Quote(output)}");

        Assert.True(run.ExitCode == 0, Show(run.Output));
        var stderr = run.Output;
        Assert.Matches(RetaggingBar(), stderr);
        Assert.True(Redraws(stderr) >= 2, Show(stderr));
        Assert.DoesNotContain('\n', stderr);
        Assert.Matches(@"\r +\r$", stderr);
        var stdout = await File.ReadAllTextAsync(output);
        Assert.Contains("16 retagged", stdout);
        Assert.DoesNotContain('\r', stdout);
    }

    [Fact]
    public async Task Pwsync_StderrRedirected_PlainLinesWithoutControlCharacters()
    {
        var errors = _dir.File("err.txt");

        var run = await PseudoTerminal.RunAsync($"{Pwsync()} 2>{PseudoTerminal.Quote(errors)}");

        Assert.True(run.ExitCode == 0, Show(run.Output));
        Assert.Contains("16 retagged", run.Output);
        var stderr = await File.ReadAllTextAsync(errors);
        Assert.DoesNotContain(stderr, c => char.IsControl(c) && c != '\n');
        // One line a phase, each once (with 16 patches the listing, reported every 1000, shows none).
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("widgets: reading mail", lines);
        Assert.Contains("widgets: retagging", lines);
        Assert.All(lines, line => Assert.Matches("^widgets: [a-z ]+$", line));
        Assert.Equal(lines.Distinct(), lines);
    }

    /// <summary>
    /// Adds <paramref name="count"/> one-patch mails (after the epoch) to both sides: ingested by the
    /// tracker and delivered to the notmuch maildir.
    /// </summary>
    private Task AddPatchesAsync(int count) =>
        PatchMail.DeliverAsync(
            _w,
            _dir.File("progress.mbox"),
            Enumerable.Range(1, count).Select(n => ($"progress-{n}.e2e", PatchMail.Create($"progress-{n}@widgets.example.org", $"[PATCH] knob: set knob {n} to {n + 1}", n))));

    private string Pwsync() =>
        $"dotnet {PseudoTerminal.Quote(PwsyncProcess.DllPath)} --config {PseudoTerminal.Quote(_w.ConfigPath)}";

    /// <summary>Lines drawn over the previous one: a carriage return not ending a line.</summary>
    private static int Redraws(string text) => Regex.Count(text, "\r(?!\n)");

    /// <summary>The terminal's bytes made readable for a failure message.</summary>
    private static string Show(string text) =>
        text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    [GeneratedRegex(@"\rwidgets: retagging \[ {30}\] 0/16")]
    private static partial Regex RetaggingBar();
}
