using System.Text;
using MimeKit;

namespace PatchSync.Server.Ingest;

/// <summary>
/// Reads a mail's text parts like Patchwork's _find_content: every text/* part in order, decoded
/// with its declared charset, or (when that is missing or unknown) the first of UTF-8,
/// windows-1252 and ISO-8859-1 that decodes cleanly. A part no charset decodes is left out.
/// </summary>
internal static class TextPartReader
{
    private static readonly string[] FallbackCharsets = ["utf-8", "windows-1252", "iso-8859-1"];

    static TextPartReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>(text with line feeds, lower-case subtype) for each readable text part.</summary>
    public static IEnumerable<(string Text, string Subtype)> Read(MimeMessage message)
    {
        foreach (var part in message.BodyParts.OfType<MimePart>())
        {
            if (!part.ContentType.MediaType.Equals("text", StringComparison.OrdinalIgnoreCase) || part.Content is null)
            {
                continue;
            }

            using var bytes = new MemoryStream();
            part.Content.DecodeTo(bytes);
            var text = Decode(bytes.ToArray(), part.ContentType.Charset);
            if (text is not null)
            {
                yield return (text.Replace("\r\n", "\n", StringComparison.Ordinal), part.ContentType.MediaSubtype.ToLowerInvariant());
            }
        }
    }

    private static string? Decode(byte[] bytes, string? charset)
    {
        var declared = charset is null ? null : Lookup(charset);
        foreach (var encoding in declared is not null ? [declared] : FallbackCharsets.Select(Lookup))
        {
            if (encoding is null)
            {
                continue;
            }

            try
            {
                return encoding.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                // Try the next charset, as Patchwork does.
            }
        }

        return null;
    }

    private static Encoding? Lookup(string charset)
    {
        try
        {
            return Encoding.GetEncoding(charset.Trim(), EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}
