using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PatchSync.Server.Ingest;

/// <summary>
/// Splits a mail body into diff and comment with the state machine of Patchwork's parse_patch, so
/// the same lines end up in the diff (and the hash matches): git and plain unified diffs, cvs
/// "Index:" diffs, extended git headers (renames, modes), and "GIT binary patch" data, which a
/// Patchwork 3.1 server keeps in the diff up to the next file header.
/// </summary>
internal static partial class PatchSplitter
{
    // Git's extended header lines (git-diff "generating patches with -p").
    private static readonly string[] ExtendedHeaderLines =
    [
        "old mode ", "new mode ", "deleted file mode ", "new file mode ", "copy from ", "copy to ",
        "rename from ", "rename to ", "similarity index ", "dissimilarity index ", "index ",
    ];

    private const string BinaryPatchMarker = "GIT binary patch";

    private const string NoNewlineMarker = "\\ No newline at end of file";

    private enum State
    {
        Text,
        SuspectedHeader,
        OldFileLine,
        NewFileLine,
        HunkHeader,
        HunkContent,
        ExtendedHeader,
        BinaryPatch,
    }

    /// <summary>Splits <paramref name="content"/> (line feeds; carriage returns are tolerated).</summary>
    public static PatchSplit Split(string content)
    {
        var patch = new StringBuilder();
        var comment = new StringBuilder();
        var buffer = new StringBuilder();
        var state = State.Text;
        int oldLeft = 0, newLeft = 0, hunks = 0;

        foreach (var raw in content.Split('\n'))
        {
            var line = raw + "\n";
            switch (state)
            {
                case State.Text:
                    if (IsFileStart(line))
                    {
                        state = State.SuspectedHeader;
                        buffer.Append(line);
                    }
                    else if (line.StartsWith("--- ", StringComparison.Ordinal))
                    {
                        state = State.OldFileLine;
                        buffer.Append(line);
                    }
                    else
                    {
                        comment.Append(line);
                    }

                    break;
                case State.SuspectedHeader:
                    if (line.StartsWith(BinaryPatchMarker, StringComparison.Ordinal))
                    {
                        MoveToPatch(patch, buffer, line);
                        state = State.BinaryPatch;
                        break;
                    }

                    buffer.Append(line);
                    if (line.StartsWith("--- ", StringComparison.Ordinal))
                    {
                        state = State.OldFileLine;
                    }

                    if (IsExtendedHeader(line))
                    {
                        state = State.ExtendedHeader;
                    }

                    break;
                case State.OldFileLine:
                    if (line.StartsWith("+++ ", StringComparison.Ordinal))
                    {
                        state = State.NewFileLine;
                        buffer.Append(line);
                    }
                    else
                    {
                        state = LeaveHeader(comment, buffer, line, hunks);
                    }

                    break;
                case State.NewFileLine:
                    var hunk = HunkHeader().Match(line);
                    if (hunk.Success)
                    {
                        oldLeft = LineCount(hunk.Groups[1]);
                        newLeft = LineCount(hunk.Groups[2]);
                        state = State.HunkHeader;
                        MoveToPatch(patch, buffer, line);
                    }
                    else if (line.StartsWith("--- ", StringComparison.Ordinal))
                    {
                        MoveToPatch(patch, buffer, line);
                        state = State.OldFileLine;
                    }
                    else if (hunks > 0 && line.StartsWith(NoNewlineMarker, StringComparison.Ordinal))
                    {
                        // After a hunk this marker belongs to the diff; another @@ may follow.
                        patch.Append(line);
                    }
                    else
                    {
                        state = LeaveHeader(comment, buffer, line, hunks);
                    }

                    break;
                case State.HunkHeader:
                case State.HunkContent:
                    if (line.StartsWith('-'))
                    {
                        oldLeft--;
                    }
                    else if (line.StartsWith('+'))
                    {
                        newLeft--;
                    }
                    else if (!line.StartsWith(NoNewlineMarker, StringComparison.Ordinal))
                    {
                        oldLeft--;
                        newLeft--;
                    }

                    patch.Append(line);
                    if (oldLeft <= 0 && newLeft <= 0)
                    {
                        state = State.NewFileLine;
                        hunks++;
                    }
                    else
                    {
                        state = State.HunkContent;
                    }

                    break;
                case State.ExtendedHeader:
                    if (line.StartsWith(BinaryPatchMarker, StringComparison.Ordinal))
                    {
                        MoveToPatch(patch, buffer, line);
                        state = State.BinaryPatch;
                    }
                    else if (IsExtendedHeader(line))
                    {
                        MoveToPatch(patch, buffer, line);
                    }
                    else if (line.StartsWith("--- ", StringComparison.Ordinal))
                    {
                        MoveToPatch(patch, buffer, line);
                        state = State.OldFileLine;
                    }
                    else
                    {
                        buffer.Append(line);
                        state = State.SuspectedHeader;
                    }

                    break;
                case State.BinaryPatch:
                    // Base85 data runs until the next file's header (or the end of the mail).
                    if (IsFileStart(line))
                    {
                        state = State.SuspectedHeader;
                        buffer.Append(line);
                    }
                    else
                    {
                        patch.Append(line);
                    }

                    break;
            }
        }

        comment.Append(buffer);
        return new PatchSplit(patch.Length == 0 ? null : patch.ToString(), comment.Length == 0 ? null : comment.ToString());
    }

    // The buffered header lines and this one are part of the diff after all.
    private static void MoveToPatch(StringBuilder patch, StringBuilder buffer, string line)
    {
        patch.Append(buffer).Append(line);
        buffer.Clear();
    }

    // A line that breaks a file header: after a hunk it may start the next file's header; before
    // any hunk, the buffered lines were only text that looked like a header.
    private static State LeaveHeader(StringBuilder comment, StringBuilder buffer, string line, int hunks)
    {
        if (hunks > 0)
        {
            buffer.Append(line);
            return State.SuspectedHeader;
        }

        comment.Append(buffer).Append(line);
        buffer.Clear();
        return State.Text;
    }

    private static bool IsFileStart(string line) =>
        line.StartsWith("diff ", StringComparison.Ordinal) || line.StartsWith("Index: ", StringComparison.Ordinal);

    private static bool IsExtendedHeader(string line) =>
        ExtendedHeaderLines.Any(prefix => line.StartsWith(prefix, StringComparison.Ordinal));

    // A missing count means one line; a count too large for int cannot be met, like Python's int.
    private static int LineCount(Group group) =>
        !group.Success || group.Value.Length == 0 ? 1
        : int.TryParse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : int.MaxValue;

    [GeneratedRegex(@"^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@")]
    internal static partial Regex HunkHeader();
}
