namespace PatchSync.Cli.Running;

/// <summary>Where pwsync writes: results to <see cref="Out"/>, messages and progress to <see cref="Error"/>. Tests pass string writers.</summary>
/// <param name="Out">Results: reports, status, JSON.</param>
/// <param name="Error">Messages and progress.</param>
/// <param name="IsTerminal">Whether <see cref="Error"/> is a terminal, so progress may be redrawn in place there.</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, bool IsTerminal)
{
    /// <summary>
    /// The process's console. Progress is drawn on stderr, so only stderr decides (as git does):
    /// <c>pwsync &gt;summary.txt</c> on a terminal still shows the bar, <c>pwsync 2&gt;log</c> and
    /// journald get plain lines.
    /// </summary>
    public static CliConsole System => new(Console.Out, Console.Error, !Console.IsErrorRedirected);
}
