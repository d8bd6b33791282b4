namespace PatchSync.Server.Ingest;

/// <summary>
/// The frame shared by the read-only, forward-only streams that ingest wraps around its input:
/// reads go through <see cref="ReadCore"/> and <see cref="ReadCoreAsync"/>, <see cref="Position"/>
/// counts the bytes delivered (the mail source reads it to tell whether the parser moved on), and
/// disposing the wrapper disposes the wrapped stream.
/// </summary>
internal abstract class ReadOnlyForwardStream(Stream inner) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>The stream this one reads from.</summary>
    protected Stream Inner { get; } = inner;

    public sealed override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public sealed override int Read(Span<byte> buffer)
    {
        var n = ReadCore(buffer);
        _position += n;
        return n;
    }

    public sealed override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await ReadCoreAsync(buffer, cancellationToken);
        _position += n;
        return n;
    }

    public sealed override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await Inner.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>Fills the start of <paramref name="buffer"/>; returns the bytes delivered, 0 at the end.</summary>
    protected abstract int ReadCore(Span<byte> buffer);

    /// <summary>The asynchronous twin of <see cref="ReadCore"/>.</summary>
    protected abstract ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
