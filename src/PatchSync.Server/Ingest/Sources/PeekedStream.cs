namespace PatchSync.Server.Ingest;

/// <summary>
/// A read-only stream that has read its first bytes ahead (to tell an mbox from a single message)
/// and replays them, so non-seekable input such as stdin can be sniffed without buffering it all.
/// </summary>
internal sealed class PeekedStream : ReadOnlyForwardStream
{
    private int _replayed;

    private PeekedStream(Stream inner, byte[] peeked)
        : base(inner)
    {
        Peeked = peeked;
    }

    /// <summary>The bytes read ahead (fewer than asked when the input is shorter).</summary>
    public byte[] Peeked { get; }

    public static async Task<PeekedStream> OpenAsync(Stream inner, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        var read = await inner.ReadAtLeastAsync(buffer, count, throwOnEndOfStream: false, cancellationToken);
        return new PeekedStream(inner, buffer[..read]);
    }

    protected override int ReadCore(Span<byte> buffer)
    {
        var n = Replay(buffer);
        return n > 0 ? n : Inner.Read(buffer);
    }

    protected override async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var n = Replay(buffer.Span);
        return n > 0 ? n : await Inner.ReadAsync(buffer, cancellationToken);
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
