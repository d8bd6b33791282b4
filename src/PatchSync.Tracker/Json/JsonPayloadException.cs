using System.Text.Json;

namespace PatchSync.Tracker.Json;

/// <summary>
/// A body that did not parse, with the absolute byte position of the failure (System.Text.Json only
/// reports line and byte-in-line). Mapped to <see cref="TrackerProtocolException"/> by the client, which
/// knows the URL.
/// </summary>
internal sealed class JsonPayloadException : Exception
{
    public JsonPayloadException(JsonException inner, byte[] body)
        : base(inner?.Message, inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(body);
        BodyLength = body.Length;
        BytePosition = AbsolutePosition(body, inner.LineNumber ?? 0, inner.BytePositionInLine ?? 0);
        Reason = inner.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd('.', ' ');
    }

    public JsonPayloadException()
    {
    }

    public JsonPayloadException(string message)
        : base(message)
    {
    }

    public JsonPayloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public long BytePosition { get; }
    public long BodyLength { get; }
    public string Reason { get; } = "";

    private static long AbsolutePosition(byte[] body, long line, long byteInLine)
    {
        long pos = 0;
        for (long l = 0; l < line && pos < body.Length; pos++)
        {
            if (body[pos] == (byte)'\n')
            {
                l++;
            }
        }

        return Math.Min(pos + byteInLine, body.Length);
    }
}
