namespace PatchSync.Core.Ports;

/// <summary>
/// A mail store failed in a way the user must act on (cannot connect, login refused, folder missing,
/// folder refuses keywords, server gone mid-run, notmuch failed). The message is one line that names
/// the store and what is wrong, and never contains a password. A read that throws this has not
/// produced a checkpoint, so the saved one stays where it was.
/// </summary>
public sealed class MailStoreException : Exception
{
    /// <summary>An exception with the default message.</summary>
    public MailStoreException()
    {
    }

    /// <summary>An exception with a one-line <paramref name="message"/>.</summary>
    public MailStoreException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with a one-line <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public MailStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
