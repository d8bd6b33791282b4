namespace PatchSync.Server.Ingest;

/// <summary>
/// A read-only stream that has read its first bytes ahead (to tell an mbox from a single message)
/// and replays them, so non-seekable input such as stdin can be sniffed without buffering it all.
/// </summary>
internal sealed class PeekedStream : Stream
{
    private readonly Stream _inner;
    private int _replayed;
    private long _position;

    private PeekedStream(Stream inner, byte[] peeked)
    {
        _inner = inner;
        Peeked = peeked;
    }

    /// <summary>The bytes read ahead (fewer than asked when the input is shorter).</summary>
    public byte[] Peeked { get; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public static async Task<PeekedStream> OpenAsync(Stream inner, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        var read = await inner.ReadAtLeastAsync(buffer, count, throwOnEndOfStream: false, cancellationToken);
        return new PeekedStream(inner, buffer[..read]);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = Replay(buffer);
        n = n > 0 ? n : _inner.Read(buffer);
        _position += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = Replay(buffer.Span);
        n = n > 0 ? n : await _inner.ReadAsync(buffer, cancellationToken);
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync();
        await base.DisposeAsync();
    }

    private int Replay(Span<byte> buffer)
    {
        var left = Peeked.Length - _replayed;
        if (left <= 0 || buffer.Length == 0)
        {
            return 0;
        }

        var n = Math.Min(left, buffer.Length);
        Peeked.AsSpan(_replayed, n).CopyTo(buffer);
        _replayed += n;
        return n;
    }
}
