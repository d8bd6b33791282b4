using System.Collections;
using System.Globalization;

namespace PatchSync.Mail.Imap;

/// <summary>
/// <see cref="PatchSync.Core.Ports.MailMessage.Copies"/> of an IMAP message (<c>folder:uid</c>), formatted from the
/// read's <see cref="CopyIndex"/> only when someone reads it (reports do; the engine does not): 24 bytes per
/// message instead of a list, an array and a string.
/// </summary>
internal sealed class IndexedCopies(CopyIndex index, string messageId) : IReadOnlyList<string>
{
    private string[]? _formatted;

    public int Count => Formatted.Length;

    private string[] Formatted => _formatted ??= index.CopiesOf(messageId)
        .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Folder}:{c.Uid}"))
        .ToArray();

    public string this[int index] => Formatted[index];

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)Formatted).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
