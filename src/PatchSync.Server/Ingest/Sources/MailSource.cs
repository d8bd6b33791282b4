using System.Runtime.CompilerServices;
using MimeKit;

namespace PatchSync.Server.Ingest;

/// <summary>
/// Reads mails for ingest from an mbox file, a single-message file, a maildir (cur/ and new/) or
/// standard input ("-"), streaming one message at a time so memory stays bounded. A mail that
/// fails to parse is yielded as an error entry and reading goes on.
/// </summary>
internal static class MailSource
{
    /// <summary>The path that means standard input.</summary>
    public const string StandardInput = "-";

    private static readonly string[] MaildirFolders = ["cur", "new"];

    /// <summary>Reads every mail under <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The path is neither a file, a maildir nor "-".</exception>
    public static IAsyncEnumerable<SourcedMail> ReadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path == StandardInput)
        {
            return ReadStreamAsync(Console.OpenStandardInput(), StandardInput, cancellationToken);
        }

        if (Directory.Exists(path))
        {
            if (!Directory.Exists(Path.Combine(path, "cur")) && !Directory.Exists(Path.Combine(path, "new")))
            {
                throw new FileNotFoundException($"not a maildir (no cur/ or new/): {path}", path);
            }

            return ReadMaildirAsync(path, cancellationToken);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no such mbox file or maildir: {path}", path);
        }

        return ReadFileAsync(path, cancellationToken);
    }

    /// <summary>
    /// Reads an mbox (a stream starting with a "From " line) or one bare RFC 822 message from
    /// <paramref name="stream"/>, which is disposed at the end. Origins are "<paramref name="name"/>#N".
    /// </summary>
    public static async IAsyncEnumerable<SourcedMail> ReadStreamAsync(
        Stream stream, string name, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await using var input = await PeekedStream.OpenAsync(stream, "From "u8.Length, cancellationToken);
        var isMbox = input.Peeked.AsSpan().SequenceEqual("From "u8);
        await using var trimmed = new FinalBlankLineTrimStream(input);
        var parser = isMbox ? new MimeParser(trimmed, MimeFormat.Mbox) : new MimeParser(input, MimeFormat.Entity);
        var index = 0;
        while (!parser.IsEndOfStream)
        {
            cancellationToken.ThrowIfCancellationRequested();
            index++;
            var before = input.Position;
            SourcedMail mail;
            var stuck = false;
            try
            {
                mail = new SourcedMail(await parser.ParseMessageAsync(cancellationToken), $"{name}#{index}", null);
            }
            catch (FormatException e)
            {
                mail = new SourcedMail(null, $"{name}#{index}", "unparseable mail: " + OneLine(e.Message));

                // The parser resynchronises on the next "From " line; stop only if it made no progress.
                stuck = input.Position == before;
            }

            yield return mail;
            if (stuck || !isMbox)
            {
                yield break;
            }
        }
    }

    private static async IAsyncEnumerable<SourcedMail> ReadFileAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        await foreach (var mail in ReadStreamAsync(stream, path, cancellationToken))
        {
            yield return mail;
        }
    }

    private static async IAsyncEnumerable<SourcedMail> ReadMaildirAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Maildir file names start with the delivery time, so name order is arrival order.
        var files = MaildirFolders
            .Select(sub => Path.Combine(path, sub))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateFiles)
            .Where(file => !Path.GetFileName(file).StartsWith('.'))
            .OrderBy(Path.GetFileName, StringComparer.Ordinal);
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SourcedMail mail;
            try
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 16 * 1024, useAsync: true);
                mail = new SourcedMail(await MimeMessage.LoadAsync(stream, cancellationToken), file, null);
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                mail = new SourcedMail(null, file, "unreadable mail: " + OneLine(e.Message));
            }

            yield return mail;
        }
    }

    private static string OneLine(string text) => Whitespace.Normalise(text);
}
