namespace PatchSync.State;

/// <summary>The state store cannot be used (unreadable, or written by a newer pwsync). The message names the file.</summary>
public sealed class StateStoreException : Exception
{
    /// <summary>The store cannot be used; <paramref name="message"/> names the file and why.</summary>
    public StateStoreException(string message)
        : base(message)
    {
    }

    /// <summary>The store cannot be used because of <paramref name="innerException"/>; <paramref name="message"/> names the file.</summary>
    public StateStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Standard exception constructor, without a message.</summary>
    public StateStoreException()
    {
    }
}
