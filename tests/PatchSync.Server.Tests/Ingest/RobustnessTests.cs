using System.Text;
using PatchSync.Server.Ingest;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Ingest;

/// <summary>Damaged input never stops a batch, and large inputs are read as a stream.</summary>
public class RobustnessTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ReadAndParse_DamagedMails_NeverThrow(int seed)
    {
        var random = new Random(seed);
        var original = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20).Select(i =>
            $"From x@example.org Mon Jun  2 09:10:00 2025\n" + TestMails.Raw($"m{i}@example.org", $"[PATCH {i % 3}/2] ini: change {i}", "Why.\n---\n" + TestMails.SmallDiff,
                inReplyTo: i > 0 ? "m0@example.org" : null) + "\n")));
        var parser = new MailParser();
        for (var round = 0; round < 40; round++)
        {
            var damaged = Damage(original, random);
            var seen = 0;
            await foreach (var mail in MailSource.ReadStreamAsync(new MemoryStream(damaged), "damaged", CancellationToken.None))
            {
                seen++;
                if (mail.IsOk)
                {
                    var result = parser.Parse(mail.Message!);
                    Assert.True(result.IsSkipped ? !string.IsNullOrWhiteSpace(result.SkipReason) : result.Mail!.MessageId.Length > 0);
                }
            }

            Assert.True(seen > 0);
        }
    }

    [Fact]
    public async Task ReadStreamAsync_HugeMbox_ReadsOnlyWhatIsConsumed()
    {
        var source = new EndlessMbox();
        var taken = 0;
        await foreach (var mail in MailSource.ReadStreamAsync(source, "endless", CancellationToken.None))
        {
            Assert.True(mail.IsOk, mail.Error);
            if (++taken == 3)
            {
                break;
            }
        }

        // Three small mails need a few kilobytes, not the whole (endless) input.
        Assert.InRange(source.BytesRead, 1, 1 << 20);
    }

    private static byte[] Damage(byte[] original, Random random)
    {
        var bytes = original.ToList();
        for (var i = 0; i < 30; i++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 200), bytes.Count - at));
                    break;
                case 2:
                    bytes.InsertRange(at, "\n--- a/x\n+++ b/x\n@@ -1,9 +1 @@\n=?utf-8?b?////?=\n"u8.ToArray());
                    break;
                default:
                    bytes.InsertRange(at, "\nContent-Type: multipart/mixed; boundary=zz\n\n--zz\n"u8.ToArray());
                    break;
            }

            if (bytes.Count == 0)
            {
                break;
            }
        }

        return [.. bytes];
    }

    /// <summary>An mbox that never ends: the same small mail over and over, with fresh Message-IDs.</summary>
    private sealed class EndlessMbox : PipeLikeStream
    {
        private byte[] _current = [];
        private int _offset;
        private int _count;

        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_offset == _current.Length)
            {
                _current = Encoding.UTF8.GetBytes("From x@example.org Mon Jun  2 09:10:00 2025\n" + TestMails.Raw($"e{_count++}@example.org", "[PATCH] x", TestMails.SmallDiff) + "\n");
                _offset = 0;
            }

            var n = Math.Min(count, _current.Length - _offset);
            Array.Copy(_current, _offset, buffer, offset, n);
            _offset += n;
            BytesRead += n;
            return n;
        }
    }
}
