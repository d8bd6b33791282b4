namespace PatchSync.Server.Tests.Support;

/// <summary>
/// Input as a pipe gives it: readable only, no seeking, no length and no position. Test streams
/// derive from it and supply only <see cref="Read(byte[], int, int)"/>.
/// </summary>
public abstract class PipeLikeStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
