namespace PatchSync.Core.Ports;

/// <summary>
/// An opaque, serialisable marker of how far a store has been read (IMAP: UIDVALIDITY, HIGHESTMODSEQ and
/// UIDNEXT and a compact UID map per folder; notmuch: database UUID, lastmod revision and message count). The state store saves
/// <see cref="Value"/> as text and hands it back on the next run.
/// </summary>
/// <remarks>
/// A store may hand one out with its text still to be made (<see cref="MailCheckpoint(string, Func{string})"/>):
/// an IMAP checkpoint of a 100k-message folder is ~10 MB of text, and the engine applies in chunks, each apply
/// returning a checkpoint of which only the last one is saved. Such text is made from the store's state when
/// <see cref="Value"/> is first read, and covers at least what the store vouched for when it handed it out.
/// </remarks>
public sealed class MailCheckpoint : IEquatable<MailCheckpoint>
{
    private readonly Func<string>? _make;
    private string? _value;

    /// <summary>A checkpoint with its text.</summary>
    /// <param name="kind">The store kind that wrote it (<c>imap</c>, <c>notmuch</c>), so a wrong one is refused.</param>
    /// <param name="value">Store-specific text (JSON for IMAP, <c>uuid:revision:count</c> for notmuch); see docs/mail-stores.md.</param>
    public MailCheckpoint(string kind, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Kind = kind;
        _value = value;
    }

    /// <summary>A checkpoint whose text is made only if and when it is read.</summary>
    /// <param name="kind">The store kind that wrote it.</param>
    /// <param name="value">Makes the store-specific text, at most once.</param>
    public MailCheckpoint(string kind, Func<string> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Kind = kind;
        _make = value;
    }

    /// <summary>The store kind that wrote it (<c>imap</c>, <c>notmuch</c>).</summary>
    public string Kind { get; }

    /// <summary>The store-specific text (made on first read for a lazy checkpoint).</summary>
    public string Value => _value ??= _make!();

    /// <summary>Same kind and same text.</summary>
    public static bool operator ==(MailCheckpoint? left, MailCheckpoint? right) => Equals(left, right);

    /// <summary>Another kind or other text.</summary>
    public static bool operator !=(MailCheckpoint? left, MailCheckpoint? right) => !Equals(left, right);

    /// <summary>Same kind and same text (ordinal).</summary>
    public bool Equals(MailCheckpoint? other) =>
        other is not null && Kind == other.Kind && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <summary>Same kind and same text, for another <see cref="MailCheckpoint"/>.</summary>
    public override bool Equals(object? obj) => Equals(obj as MailCheckpoint);

    /// <summary>A hash of kind and text.</summary>
    public override int GetHashCode() => HashCode.Combine(Kind, Value);

    /// <summary>Kind and length only: the text can be megabytes.</summary>
    public override string ToString() => $"{Kind} checkpoint ({Value.Length} characters)";
}
