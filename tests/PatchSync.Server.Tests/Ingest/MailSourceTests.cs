using System.Text;
using PatchSync.Server.Ingest;
using PatchSync.Server.Tests.Support;
using PatchSync.Testing;

namespace PatchSync.Server.Tests.Ingest;

public class MailSourceTests
{
    private static string Mbox(params string[] mails) =>
        string.Concat(mails.Select((m, i) => $"From sender@example.org Mon Jun  2 09:1{i}:00 2025\n{m}\n"));

    private static async Task<List<SourcedMail>> CollectAsync(IAsyncEnumerable<SourcedMail> mails)
    {
        var list = new List<SourcedMail>();
        await foreach (var mail in mails)
        {
            list.Add(mail);
        }

        return list;
    }

    [Fact]
    public async Task ReadAsync_MboxFile_EveryMessageWithOrigin()
    {
        using var dir = new TempDirectory();
        var path = dir.File("list.mbox");
        await File.WriteAllTextAsync(path, Mbox(
            TestMails.Raw("m1@example.org", "[PATCH 1/2] a", TestMails.SmallDiff),
            TestMails.Raw("m2@example.org", "[PATCH 2/2] b", ">From the start, this line was escaped.\n" + TestMails.SmallDiff),
            TestMails.Raw("m3@example.org", "Re: [PATCH 1/2] a", "ok", inReplyTo: "m1@example.org")));

        var mails = await CollectAsync(MailSource.ReadAsync(path, CancellationToken.None));

        Assert.Equal(["m1@example.org", "m2@example.org", "m3@example.org"], mails.Select(m => m.Message!.MessageId));
        Assert.Equal([path + "#1", path + "#2", path + "#3"], mails.Select(m => m.Origin));
        Assert.All(mails, m => Assert.True(m.IsOk));
    }

    [Fact]
    public async Task ReadAsync_Maildir_CurAndNewInNameOrderAndBadMailIsAnErrorEntry()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("cur"));
        Directory.CreateDirectory(dir.File("new"));
        Directory.CreateDirectory(dir.File("tmp"));
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "cur", "1750000002.M2P1.host:2,S"), TestMails.Raw("second@example.org", "[PATCH] b", TestMails.SmallDiff));
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "new", "1750000001.M1P1.host"), TestMails.Raw("first@example.org", "[PATCH] a", TestMails.SmallDiff));
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "new", "1750000003.M3P1.host"), string.Empty);
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "tmp", "1750000004.M4P1.host"), TestMails.Raw("partial@example.org", "[PATCH] c", TestMails.SmallDiff));

        var mails = await CollectAsync(MailSource.ReadAsync(dir.Path, CancellationToken.None));

        Assert.Equal(3, mails.Count);
        Assert.Equal(["first@example.org", "second@example.org"], mails.Where(m => m.IsOk).Select(m => m.Message!.MessageId));
        var bad = Assert.Single(mails, m => !m.IsOk);
        Assert.EndsWith("1750000003.M3P1.host", bad.Origin);
        Assert.StartsWith("unreadable mail: ", bad.Error);
        Assert.DoesNotContain('\n', bad.Error!);
    }

    [Fact]
    public async Task ReadStreamAsync_NonSeekableStandardInput_ReadsMbox()
    {
        var bytes = Encoding.UTF8.GetBytes(Mbox(
            TestMails.Raw("s1@example.org", "[PATCH] a", TestMails.SmallDiff),
            TestMails.Raw("s2@example.org", "[PATCH] b", TestMails.SmallDiff)));

        var mails = await CollectAsync(MailSource.ReadStreamAsync(new ForwardOnlyStream(bytes), MailSource.StandardInput, CancellationToken.None));

        Assert.Equal(["-#1", "-#2"], mails.Select(m => m.Origin));
        Assert.Equal(["s1@example.org", "s2@example.org"], mails.Select(m => m.Message!.MessageId));
    }

    [Fact]
    public async Task ReadStreamAsync_Mbox_SeparatorLineDroppedAlsoAfterLastMail()
    {
        var bytes = Encoding.UTF8.GetBytes("From a\nFrom: a@b\nSubject: x\n\nbody1\n\nFrom b\nFrom: a@b\nSubject: y\n\nbody2\n\n");

        var mails = await CollectAsync(MailSource.ReadStreamAsync(new ForwardOnlyStream(bytes), "-", CancellationToken.None));

        Assert.Equal(["body1\n", "body2\n"], mails.Select(m => m.Message!.TextBody));
    }

    [Fact]
    public async Task ReadStreamAsync_BareMessage_OneMail()
    {
        var bytes = Encoding.UTF8.GetBytes(TestMails.Raw("bare@example.org", "[PATCH] a", TestMails.SmallDiff));

        var mails = await CollectAsync(MailSource.ReadStreamAsync(new ForwardOnlyStream(bytes), "bare.eml", CancellationToken.None));

        Assert.Equal("bare@example.org", Assert.Single(mails).Message!.MessageId);
    }

    [Fact]
    public async Task ReadStreamAsync_EmptyInput_OneErrorEntry()
    {
        var mails = await CollectAsync(MailSource.ReadStreamAsync(new ForwardOnlyStream([]), "-", CancellationToken.None));

        var entry = Assert.Single(mails);
        Assert.Equal("-#1", entry.Origin);
        Assert.StartsWith("unparseable mail: ", entry.Error);
    }

    [Fact]
    public void ReadAsync_MissingPath_ClearError()
    {
        var e = Assert.Throws<FileNotFoundException>(() => MailSource.ReadAsync("/nonexistent/list.mbox", CancellationToken.None));

        Assert.Equal("no such mbox file or maildir: /nonexistent/list.mbox", e.Message);
    }

    [Fact]
    public void ReadAsync_DirectoryWithoutCurOrNew_ClearError()
    {
        using var dir = new TempDirectory();

        var e = Assert.Throws<FileNotFoundException>(() => MailSource.ReadAsync(dir.Path, CancellationToken.None));

        Assert.StartsWith("not a maildir (no cur/ or new/): ", e.Message);
    }

    /// <summary>Reads like a pipe: no seeking, no length, small reads.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : PipeLikeStream
    {
        private int _position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 7), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }
    }
}
