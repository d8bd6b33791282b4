namespace PatchSync.Server.Ingest;

/// <summary>
/// Passes an mbox through but drops the very last byte when the input ends in an empty line
/// ("\n\n"). That line separates mails in an mbox; MimeKit drops it before each "From " line but
/// keeps it at the end of the file, where Python's mailbox (and so Patchwork) drops it too. Without
/// this the last mail of a file would gain a newline (visible in a diff that runs to the end).
/// </summary>
internal sealed class FinalBlankLineTrimStream(Stream inner) : ReadOnlyForwardStream(inner)
{
    private int _pending = -1;
    private int _lastDelivered = -1;

    protected override int ReadCore(Span<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var read = Inner.Read(buffer);
            var delivered = Deliver(buffer, read);
            if (delivered > 0 || read == 0)
            {
                return delivered;
            }
        }

        return 0;
    }

    protected override async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (buffer.Length > 0)
        {
            var read = await Inner.ReadAsync(buffer, cancellationToken);
            var delivered = Deliver(buffer.Span, read);
            if (delivered > 0 || read == 0)
            {
                return delivered;
            }
        }

        return 0;
    }

    // The last byte read is held back until the next read shows whether the input ended there.
    private int Deliver(Span<byte> buffer, int read)
    {
        int count;
        if (read == 0)
        {
            var dropped = _pending == '\n' && _lastDelivered == '\n';
            count = _pending < 0 || dropped ? 0 : 1;
            if (count == 1)
            {
                buffer[0] = (byte)_pending;
            }

            _pending = -1;
        }
        else if (_pending < 0)
        {
            _pending = buffer[read - 1];
            count = read - 1;
        }
        else
        {
            var last = buffer[read - 1];
            buffer[..(read - 1)].CopyTo(buffer[1..]);
            buffer[0] = (byte)_pending;
            _pending = last;
            count = read;
        }

        if (count > 0)
        {
            _lastDelivered = buffer[count - 1];
        }

        return count;
    }
}
