namespace PatchSync.State;

/// <summary>The state store cannot be used (unreadable, or written by a newer pwsync). The message names the file.</summary>
public sealed class StateStoreException : Exception
{
    public StateStoreException(string message)
        : base(message)
    {
    }

    public StateStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StateStoreException()
    {
    }
}
