using System.Globalization;
using System.Text;

namespace PatchSync.Bench.Sync;

/// <summary>Writes N single-patch mails, as an mbox (for pwsync-server ingest) and as maildir files (for notmuch).</summary>
internal static class MailGenerator
{
    public static readonly DateTimeOffset FirstDate = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static string MessageId(int i) => $"bench-{i}@widgets.example.org";

    public static async Task WriteAsync(int count, string mboxPath, string maildir)
    {
        Directory.CreateDirectory(Path.Combine(maildir, "cur"));
        Directory.CreateDirectory(Path.Combine(maildir, "new"));
        Directory.CreateDirectory(Path.Combine(maildir, "tmp"));
        await using var mbox = new StreamWriter(mboxPath, append: false, new UTF8Encoding(false), 1 << 20);
        for (var i = 1; i <= count; i++)
        {
            var mail = Mail(i);
            await mbox.WriteAsync("From bench@widgets.example.org Mon Sep 17 00:00:00 2001\n");
            await mbox.WriteAsync(mail);
            await mbox.WriteAsync('\n');
            await File.WriteAllTextAsync(Path.Combine(maildir, "new", $"{i:D7}.bench"), mail);
        }
    }

    private static string Mail(int i)
    {
        var date = FirstDate.AddSeconds(i * 60L).ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"""
            From: Bench Author <author{i % 97}@widgets.example.org>
            Date: {date}
            Message-Id: <{MessageId(i)}>
            Subject: [PATCH] gear: tune setting {i}
            To: widgets@lists.example.org
            List-Id: Widgets development <widgets.lists.example.org>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=UTF-8

            Tune gear setting {i}.

            Signed-off-by: Bench Author <author{i % 97}@widgets.example.org>
            ---
             src/gear{i % 50}.c | 2 +-
             1 file changed, 1 insertion(+), 1 deletion(-)

            diff --git a/src/gear{i % 50}.c b/src/gear{i % 50}.c
            index 0000001..0000002 100644
            --- a/src/gear{i % 50}.c
            +++ b/src/gear{i % 50}.c
            @@ -1,3 +1,3 @@
             # widgets
            -size = {i}
            +size = {i + 1}
             end
            -- 
            2.43.0

            """);
    }
}
