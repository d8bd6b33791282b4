namespace PatchSync.Cli.Running;

/// <summary>Where pwsync writes: results to <see cref="Out"/>, messages and progress to <see cref="Error"/>. Tests pass string writers.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, bool IsTerminal)
{
    public static CliConsole System => new(Console.Out, Console.Error, !Console.IsOutputRedirected && !Console.IsErrorRedirected);
}
