using System.Collections;

namespace PatchSync.Mail.Notmuch;

/// <summary>
/// <see cref="PatchSync.Core.Ports.MailMessage.Copies"/> of a notmuch message: its one query term <c>id:"..."</c>,
/// formatted only when read (reports do; the engine does not). One small object per message instead of a
/// list, its array and a quoted copy of the Message-ID.
/// </summary>
internal sealed class NotmuchCopies(string messageId) : IReadOnlyList<string>
{
    public int Count => 1;

    public string this[int index] => index == 0 ? NotmuchBatchFormat.QuoteId(messageId) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<string> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
