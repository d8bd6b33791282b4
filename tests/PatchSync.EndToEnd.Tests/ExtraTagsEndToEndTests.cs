using PatchSync.EndToEnd.Tests.Support;
using PatchSync.Testing;

namespace PatchSync.EndToEnd.Tests;

/// <summary>
/// The optional read-only tags against a real pwsync-server and notmuch: <c>pw-series-complete</c> comes
/// from the server's series listing on a full run and from its <c>series-completed</c> event later.
/// </summary>
public sealed class ExtraTagsEndToEndTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private SyncWorld _w = null!;

    public async Task InitializeAsync()
    {
        _w = await SyncWorld.CreateAsync();
        _w.WriteConfig(_w.Server.BaseUrl.ToString(), _w.MaintainerToken, "[tags]\nextra = true\n");
    }

    public async Task DisposeAsync()
    {
        await _w.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Pwsync_ExtraTags_SeriesCompleteFollowsTheTrackersSeries()
    {
        var first = await _w.PwsyncAsync();
        Assert.True(first.ExitCode == 0, first.Error);
        // Every series in the sample mbox is whole (single patches are series of one).
        foreach (var patch in await _w.PatchesAsync())
        {
            Assert.Contains("pw-series-complete", await _w.Mail.PwTagsAsync(patch.MessageId));
        }

        await DeliverAsync(1);
        var partial = await _w.PwsyncAsync();
        Assert.True(partial.ExitCode == 0, partial.Error);
        Assert.DoesNotContain("pw-series-complete", await _w.Mail.PwTagsAsync("knob-series-1@widgets.example.org"));

        await DeliverAsync(2);
        var whole = await _w.PwsyncAsync();

        Assert.True(whole.ExitCode == 0, whole.Error);
        // The other extra tags (here pw-checks-pending: no check has run) are not this test's business.
        Assert.Contains("pw-series-complete", await _w.Mail.PwTagsAsync("knob-series-1@widgets.example.org"));
        Assert.Contains("pw-series-complete", await _w.Mail.PwTagsAsync("knob-series-2@widgets.example.org"));
        Assert.Contains("pw-new", await _w.Mail.PwTagsAsync("knob-series-2@widgets.example.org"));
    }

    /// <summary>Patch <paramref name="n"/> of a two-patch series, to the tracker and to the mailbox.</summary>
    private Task DeliverAsync(int n)
    {
        var threading = n == 1 ? string.Empty : "In-Reply-To: <knob-series-1@widgets.example.org>\nReferences: <knob-series-1@widgets.example.org>\n";
        var mail = PatchMail.Create($"knob-series-{n}@widgets.example.org", $"[PATCH {n}/2] knob: turn knob {n}", n, $"Tue, 01 Apr 2025 10:0{n}:00 +0000", threading);
        return PatchMail.DeliverAsync(_w, _dir.File($"series-{n}.mbox"), [($"knob-series-{n}.e2e", mail)]);
    }
}
