namespace PatchSync.EndToEnd.Tests.Support;

/// <summary>A one-file patch mail to the widgets list, and delivering such mails to both sides of a <see cref="SyncWorld"/>.</summary>
internal static class PatchMail
{
    /// <summary>Bob's patch turning knob <paramref name="n"/> up by one.</summary>
    /// <param name="threading">Extra header lines (e.g. In-Reply-To), each ending in a newline.</param>
    public static string Create(string messageId, string subject, int n, string date = "Tue, 01 Apr 2025 10:00:00 +0000", string threading = "") => $"""
        From: Bob Builder <bob@widgets.example.org>
        Date: {date}
        Message-Id: <{messageId}>
        {threading}Subject: {subject}
        To: widgets@lists.example.org
        List-Id: Widgets development <widgets.lists.example.org>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=UTF-8

        Knob {n} is one too low.

        Signed-off-by: Bob Builder <bob@widgets.example.org>
        ---
        diff --git a/src/knob{n}.c b/src/knob{n}.c
        --- a/src/knob{n}.c
        +++ b/src/knob{n}.c
        @@ -1 +1 @@
        -knob = {n}
        +knob = {n + 1}

        """;

    /// <summary>Ingests <paramref name="mails"/> (file name -> text) on the tracker and delivers them to the notmuch maildir.</summary>
    public static async Task DeliverAsync(SyncWorld world, string mboxPath, IEnumerable<(string FileName, string Mail)> mails)
    {
        var maildir = (await world.Mail.RunAsync("config", "get", "database.path")).Trim();
        var mbox = new System.Text.StringBuilder();
        foreach (var (fileName, mail) in mails)
        {
            mbox.Append("From bob@widgets.example.org Mon Sep 17 00:00:00 2001\n").Append(mail).Append('\n');
            await File.WriteAllTextAsync(Path.Combine(maildir, "new", fileName), mail);
        }

        await File.WriteAllTextAsync(mboxPath, mbox.ToString());
        await world.Server.IngestAsync(SyncWorld.Project, [mboxPath]);
        await world.Mail.RunAsync("new");
    }
}
