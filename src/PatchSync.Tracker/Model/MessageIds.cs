namespace PatchSync.Tracker;

/// <summary>Message-ID helpers: Patchwork serves <c>&lt;id&gt;</c> but filters on the bare id.</summary>
public static class MessageIds
{
    /// <summary>Removes surrounding whitespace and one pair of angle brackets, if present.</summary>
    public static string StripBrackets(string msgId)
    {
        ArgumentNullException.ThrowIfNull(msgId);
        var s = msgId.Trim();
        return s.Length >= 2 && s[0] == '<' && s[^1] == '>' ? s[1..^1] : s;
    }
}
