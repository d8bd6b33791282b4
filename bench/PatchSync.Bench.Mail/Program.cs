// Benchmark for PatchSync.Mail (docs/benchmarks.md, section "Mail stores"):
//   dotnet run -c Release --project bench/PatchSync.Bench.Mail -- [--count N] [--store imap|notmuch|both] [--layout maildir|sdbox]
// For each store: seed N messages, then time the first index, an incremental read with no change, an
// incremental read after 1,000 tag changes by another client, and tagging 10,000 messages.
using System.Globalization;
using PatchSync.Bench.Mail;

var count = 100_000;
var which = "both";
var layout = "maildir";
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--count" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 10:
            count = n;
            i++;
            break;
        case "--store" when i + 1 < args.Length && args[i + 1] is "imap" or "notmuch" or "both":
            which = args[++i];
            break;
        case "--layout" when i + 1 < args.Length && args[i + 1] is "maildir" or "sdbox":
            layout = args[++i];
            break;
        default:
            Console.Error.WriteLine($"usage: PatchSync.Bench.Mail [--count N>=10] [--store imap|notmuch|both] [--layout maildir|sdbox]; bad argument '{args[i]}'");
            return 2;
    }
}

var report = new BenchReport(count);
if (which is "imap" or "both")
{
    await ImapBench.RunAsync(count, layout, report);
}

if (which is "notmuch" or "both")
{
    await NotmuchBench.RunAsync(count, report);
}

return 0;
