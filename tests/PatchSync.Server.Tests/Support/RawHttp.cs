using System.Net.Sockets;
using System.Text;

namespace PatchSync.Server.Tests.Support;

/// <summary>
/// HTTP/1.1 over a bare socket, for requests HttpClient refuses to send: header values with
/// non-ASCII bytes, bodies that are not text, arbitrary bytes in the target. One request per
/// connection (<c>Connection: close</c>), so the answer is everything the server sends.
/// </summary>
public static class RawHttp
{
    public sealed record Answer(int Status, string Head, byte[] Body)
    {
        public string BodyText => Encoding.UTF8.GetString(Body);
    }

    /// <summary>Sends <paramref name="method"/> <paramref name="target"/> with the header lines and body as given (bytes), and reads the answer.</summary>
    public static async Task<Answer> SendAsync(Uri server, string method, byte[] target, IReadOnlyList<byte[]> headerLines, byte[]? body, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancellationToken);
        await using var stream = client.GetStream();
        using var request = new MemoryStream();
        request.Write(Encoding.ASCII.GetBytes(method + " "));
        request.Write(target);
        request.Write(Encoding.ASCII.GetBytes($" HTTP/1.1\r\nHost: {server.Host}:{server.Port}\r\nConnection: close\r\nAccept: application/json\r\n"));
        foreach (var line in headerLines)
        {
            request.Write(line);
            request.Write("\r\n"u8);
        }

        if (body is not null)
        {
            request.Write(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n"));
        }

        request.Write("\r\n"u8);
        if (body is not null)
        {
            request.Write(body);
        }

        await stream.WriteAsync(request.ToArray(), cancellationToken);
        using var answer = new MemoryStream();
        try
        {
            await stream.CopyToAsync(answer, cancellationToken);
        }
        catch (IOException)
        {
            // The server may reset the connection after answering a request it refused early
            // (before reading the body); what it sent before that is the answer.
        }

        return Parse(answer.ToArray());
    }

    /// <summary>A plain-text request, for the common case.</summary>
    public static Task<Answer> SendAsync(Uri server, string method, string target, IReadOnlyList<string> headerLines, byte[]? body, CancellationToken cancellationToken) =>
        SendAsync(server, method, Encoding.ASCII.GetBytes(target), headerLines.Select(Encoding.Latin1.GetBytes).ToList(), body, cancellationToken);

    private static Answer Parse(byte[] bytes)
    {
        var headEnd = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (headEnd < 0)
        {
            throw new InvalidOperationException($"no HTTP answer: {Encoding.Latin1.GetString(bytes)}");
        }

        var head = Encoding.Latin1.GetString(bytes, 0, headEnd);
        var status = int.Parse(head.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var body = bytes[(headEnd + 4)..];
        if (head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        return new Answer(status, head, body);
    }

    private static byte[] Dechunk(byte[] chunked)
    {
        using var plain = new MemoryStream();
        var position = 0;
        while (position < chunked.Length)
        {
            var lineEnd = chunked.AsSpan(position).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }

            var size = Convert.ToInt32(Encoding.ASCII.GetString(chunked, position, lineEnd).Split(';')[0], 16);
            position += lineEnd + 2;
            if (size == 0)
            {
                break;
            }

            plain.Write(chunked, position, Math.Min(size, chunked.Length - position));
            position += size + 2;
        }

        return plain.ToArray();
    }
}
