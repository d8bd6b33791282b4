using System.Diagnostics;
using System.Text;
using PatchSync.Testing;

namespace PatchSync.EndToEnd.Tests.Support;

/// <summary>
/// A throwaway notmuch database holding the mails of an mbox (one maildir file per message), driven
/// through the real <c>notmuch</c> command the way a user would.
/// </summary>
internal sealed class NotmuchMailbox : IDisposable
{
    private readonly TempDirectory _dir = new("pwsync-e2e-notmuch");

    private NotmuchMailbox() => ConfigPath = _dir.File("notmuch-config");

    public string ConfigPath { get; }

    public static async Task<NotmuchMailbox> CreateAsync(string mbox)
    {
        var box = new NotmuchMailbox();
        var maildir = box._dir.File("mail");
        foreach (var sub in new[] { "cur", "new", "tmp" })
        {
            Directory.CreateDirectory(Path.Combine(maildir, sub));
        }

        var n = 0;
        StringBuilder? message = null;
        foreach (var line in await File.ReadAllLinesAsync(mbox))
        {
            if (line.StartsWith("From ", StringComparison.Ordinal))
            {
                Flush();
                message = new StringBuilder();
                continue;
            }

            message?.Append(line.StartsWith(">From ", StringComparison.Ordinal) ? line[1..] : line).Append('\n');
        }

        Flush();
        await File.WriteAllTextAsync(box.ConfigPath, $"""
            [database]
            path={maildir}
            [user]
            name=End To End
            primary_email=e2e@example.org
            [new]
            tags=inbox;
            [maildir]
            synchronize_flags=false

            """);
        await box.RunAsync("new");
        return box;

        void Flush()
        {
            if (message is not null)
            {
                File.WriteAllText(Path.Combine(maildir, "new", $"{++n:D4}.e2e"), message.ToString());
            }
        }
    }

    /// <summary>The <c>pw-</c> tags of a message.</summary>
    public async Task<string[]> PwTagsAsync(string messageId) =>
        (await RunAsync("search", "--output=tags", $"id:{messageId}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(t => t.StartsWith("pw-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();

    public Task TagAsync(string messageId, params string[] changes) =>
        RunAsync(["tag", .. changes, "--", $"id:{messageId}"]);

    /// <summary>Every message's pw- tags, for comparing whole states.</summary>
    public async Task<string> DumpAsync()
    {
        var ids = (await RunAsync("search", "--output=messages", "--sort=oldest-first", "*"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(id => id["id:".Length..])
            .Order(StringComparer.Ordinal);
        var lines = new List<string>();
        foreach (var id in ids)
        {
            lines.Add($"{id}: {string.Join(' ', await PwTagsAsync(id))}");
        }

        return string.Join('\n', lines);
    }

    public async Task<string> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("notmuch") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["NOTMUCH_CONFIG"] = ConfigPath;
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"notmuch {string.Join(' ', args)} exited {process.ExitCode}: {await error}");
    }

    public void Dispose() => _dir.Dispose();
}
