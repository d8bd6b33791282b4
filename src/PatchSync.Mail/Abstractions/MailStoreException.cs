namespace PatchSync.Mail.Abstractions;

/// <summary>
/// A mail store failed in a way the user must act on (cannot connect, login refused, folder missing,
/// folder refuses keywords, server gone mid-run, notmuch failed). The message is one line that names
/// the store and what is wrong, and never contains a password. A read that throws this has not
/// produced a checkpoint, so the saved one stays where it was.
/// </summary>
public sealed class MailStoreException : Exception
{
    public MailStoreException()
    {
    }

    public MailStoreException(string message)
        : base(message)
    {
    }

    public MailStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
