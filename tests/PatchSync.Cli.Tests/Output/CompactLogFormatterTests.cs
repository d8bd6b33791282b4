using Microsoft.Extensions.Logging;
using PatchSync.Cli.Running;

namespace PatchSync.Cli.Tests.Output;

public sealed class CompactLogFormatterTests
{
    [Fact]
    public void Format_DebugLine_ReadsLikePwsyncsOwnMessages()
    {
        var line = CompactLogFormatter.Format(LogLevel.Debug, "PatchSync.Tracker.PatchworkClient", "GET /api/1.3/patches/ 200 in 12 ms");

        Assert.Equal("pwsync: debug: PatchworkClient: GET /api/1.3/patches/ 200 in 12 ms\n", line);
        Assert.DoesNotContain("dbug", line, StringComparison.Ordinal);
        Assert.DoesNotContain("[0]", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_MultiLineMessageWithException_StaysOneLine()
    {
        var line = CompactLogFormatter.Format(LogLevel.Warning, "Polly", "retrying\nafter 2 s", new TimeoutException("timed out"));

        Assert.Equal("pwsync: warning: Polly: retrying after 2 s (TimeoutException: timed out)\n", line);
    }
}
