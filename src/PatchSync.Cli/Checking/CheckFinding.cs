namespace PatchSync.Cli.Checking;

/// <summary>How a finding of <c>pwsync check</c> counts.</summary>
internal enum CheckLevel
{
    /// <summary>Works as pwsync needs it.</summary>
    Ok,

    /// <summary>Works, with a limit worth knowing (slower reads, no way to tell); not a failure.</summary>
    Note,

    /// <summary>A sync would fail or do less than asked: printed with its fix, and the exit code is non-zero.</summary>
    Problem,
}

/// <summary>One line of <c>pwsync check</c>.</summary>
/// <param name="Level">Ok, note or problem.</param>
/// <param name="Subject">What was checked: <c>config</c>, <c>tracker NAME</c>, <c>project NAME</c>, <c>store NAME</c>, <c>store NAME folder F</c>.</param>
/// <param name="Message">What was found, one line.</param>
/// <param name="Fix">For a problem (and some notes): what to do about it.</param>
/// <param name="ExitCode">For a problem: the code a sync failing the same way exits with (docs/cli.md).</param>
internal sealed record CheckFinding(CheckLevel Level, string Subject, string Message, string? Fix = null, int ExitCode = ExitCodes.Ok)
{
    public static CheckFinding Ok(string subject, string message) => new(CheckLevel.Ok, subject, message);

    public static CheckFinding Note(string subject, string message, string? fix = null) => new(CheckLevel.Note, subject, message, fix);

    public static CheckFinding Problem(string subject, string message, string fix, int exitCode) => new(CheckLevel.Problem, subject, message, fix, exitCode);

    /// <summary><c>ok      tracker local: ...</c>; a problem ends in <c>; fix: ...</c>, a note in its hint.</summary>
    public override string ToString()
    {
        var level = Level switch
        {
            CheckLevel.Ok => "ok",
            CheckLevel.Note => "note",
            _ => "problem",
        };
        var fix = Fix is null ? string.Empty : Level == CheckLevel.Problem ? $"; fix: {Fix}" : $"; {Fix}";
        return $"{level,-8}{Subject}: {Message}{fix}";
    }
}
