namespace PatchSync.Server.Data;

/// <summary>A request the data layer refuses (duplicate, unknown name): its message is one printable line.</summary>
internal sealed class DataException : Exception
{
    public DataException()
    {
    }

    public DataException(string message)
        : base(message)
    {
    }

    public DataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
