namespace PatchSync.Core.Secrets;

/// <summary>
/// A secret could not be read. The message is one line naming the configuration key and the source (file,
/// variable, command), never the value. An <see cref="InvalidOperationException"/> so that mail stores'
/// callers, which treat that as "the store is not usable as configured", keep doing so.
/// </summary>
public sealed class SecretException : InvalidOperationException
{
    /// <summary>Creates the exception without a message.</summary>
    public SecretException()
    {
    }

    /// <summary>Creates the exception with a one-line reason.</summary>
    public SecretException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line reason and its cause.</summary>
    public SecretException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
