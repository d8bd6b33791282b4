using System.Globalization;
using System.Text;
using PatchSync.Bench.Sync.Setup;

namespace PatchSync.Bench.Sync.Mail;

/// <summary>
/// Writes one small RFC 5322 patch mail per patch straight into a Maildir's <c>cur/</c>: the fastest honest
/// way to give a store 100k real messages (a server would have received them over time; Dovecot and notmuch
/// index them from the files as they would delivered mail).
/// </summary>
public static class MailFiles
{
    public static void WriteMaildir(string maildir, IReadOnlyList<SeededPatch> patches)
    {
        foreach (var sub in new[] { "cur", "new", "tmp" })
        {
            Directory.CreateDirectory(Path.Combine(maildir, sub));
        }

        var cur = Path.Combine(maildir, "cur");
        var stamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var pid = Environment.ProcessId;
        foreach (var patch in patches)
        {
            var text = Message(patch);
            var bytes = Encoding.UTF8.GetBytes(text);
            // Maildir unique name: time.M<counter>P<pid>.host, with the size Dovecot can use (S=) and no flags yet.
            var name = string.Create(CultureInfo.InvariantCulture, $"{stamp}.M{patch.Id}P{pid}.syncbench,S={bytes.Length}:2,");
            File.WriteAllBytes(Path.Combine(cur, name), bytes);
        }
    }

    public static string Message(SeededPatch patch)
    {
        var author = patch.Id % 20;
        var date = patch.Date.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"""
            From: Author {author} <author{author}@example.org>
            To: bench@lists.example.org
            Subject: {patch.Subject}
            Date: {date}
            Message-ID: <{patch.MessageId}>
            List-Id: <bench.lists.example.org>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8

            Make the thing better.

            Signed-off-by: Author {author} <author{author}@example.org>
            ---
             f.c | 2 +-
             1 file changed, 1 insertion(+), 1 deletion(-)

            --- a/f.c
            +++ b/f.c
            @@ -1 +1 @@
            -a
            +b

            """).ReplaceLineEndings("\n");
    }
}
