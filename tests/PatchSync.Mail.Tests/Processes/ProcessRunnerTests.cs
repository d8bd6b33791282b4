using PatchSync.Mail.Processes;

namespace PatchSync.Mail.Tests.Processes;

public sealed class ProcessRunnerTests
{
    [Fact]
    public async Task RunAsync_WithInput_ChildReadsItOnStdinAndNoFileIsLeft()
    {
        var temp = Path.GetTempPath();
        var before = Directory.GetFiles(temp, "pwsync-notmuch-*").ToHashSet();

        var result = await ProcessRunner.RunAsync(
            "cat",
            [],
            null,
            CancellationToken.None,
            writeInput: async (input, ct) =>
            {
                for (var i = 0; i < 20_000; i++)
                {
                    // More than a pipe buffer holds: stdout must be read while stdin is written.
                    await input.WriteAsync($"+pw-new -- id:{i}@example.org\n".AsMemory(), ct);
                }
            });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(20_000, result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.StartsWith("+pw-new -- id:0@example.org\n", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetFiles(temp, "pwsync-notmuch-*"), f => !before.Contains(f));
    }

    [Fact]
    public async Task RunAsync_ChildExitsWithoutReadingInput_ReportsItsExitCode()
    {
        var result = await ProcessRunner.RunAsync(
            "sh",
            ["-c", "echo refused >&2; exit 3"],
            null,
            CancellationToken.None,
            writeInput: async (input, ct) =>
            {
                for (var i = 0; i < 20_000; i++)
                {
                    await input.WriteAsync("line that nobody reads\n".AsMemory(), ct);
                }
            });

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("refused", result.Stderr, StringComparison.Ordinal);
    }
}
