using System.Text;
using PatchSync.Bench.Sync.Running;
using PatchSync.Bench.Sync.Setup;

namespace PatchSync.Bench.Sync.Mail;

/// <summary>
/// A throwaway notmuch database (own config file, nothing from the user's) over a Maildir written directly,
/// indexed once with <c>notmuch new</c>. "Another client" is <c>notmuch tag --batch</c>.
/// </summary>
public sealed class NotmuchSide : IMailSide
{
    private readonly string _root;
    private readonly string _config;

    public NotmuchSide(string workDir)
    {
        _root = Path.Combine(workDir, "notmuch");
        _config = Path.Combine(workDir, "notmuch-config");
    }

    public string Description => $"notmuch database {_root} (Maildir folder bench)";

    public string StoreToml => $"""
        kind = "notmuch"
        config = "{_config}"
        """;

    public IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>();

    public async Task SeedAsync(IReadOnlyList<SeededPatch> patches, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_root);
        await File.WriteAllTextAsync(_config, $"""
            [database]
            path={_root}
            [user]
            name=Maintainer
            primary_email=maint@example.org
            [new]
            tags=
            ignore=
            [search]
            exclude_tags=
            [maildir]
            synchronize_flags=false

            """, cancellationToken);
        MailFiles.WriteMaildir(Path.Combine(_root, "bench"), patches);
        await Notmuch(["new", "--quiet"], null, cancellationToken);
        var count = (await Notmuch(["count", "*"], null, cancellationToken)).Trim();
        if (count != patches.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"notmuch indexed {count} mails, expected {patches.Count}");
        }
    }

    public async Task<Dictionary<string, HashSet<string>>> ReadTagsAsync(string prefix, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in (await Notmuch(["search", "--output=messages", "*"], null, cancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            result[line.StartsWith("id:", StringComparison.Ordinal) ? line[3..] : line] = new HashSet<string>(StringComparer.Ordinal);
        }

        // batch-tag lines: +tag1 +tag2 -- id:MESSAGE-ID (tags and id %-encoded where needed).
        foreach (var line in (await Notmuch(["dump", "--format=batch-tag", "--", "*"], null, cancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var split = line.IndexOf(" -- ", StringComparison.Ordinal);
            if (line.StartsWith('#') || split < 0)
            {
                continue;
            }

            var id = Uri.UnescapeDataString(line[(split + 4)..].Trim()["id:".Length..]);
            var tags = line[..split].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => Uri.UnescapeDataString(t.TrimStart('+')));
            result[id] = tags.Where(t => t.StartsWith(prefix, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        }

        return result;
    }

    public async Task RetagAsync(IReadOnlyList<MailRetag> changes, CancellationToken cancellationToken)
    {
        var batch = new StringBuilder();
        foreach (var change in changes)
        {
            batch.Append('-').Append(change.Remove).Append(" +").Append(change.Add).Append(" -- id:").Append(change.MessageId).Append('\n');
        }

        await Notmuch(["tag", "--batch"], batch.ToString(), cancellationToken);
    }

    public Task<IMailEditor> OpenEditorAsync(CancellationToken cancellationToken) => Task.FromResult<IMailEditor>(new Editor(this));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>One <c>notmuch tag</c> process per edit, as a user at a shell or a mail client calling notmuch does.</summary>
    private sealed class Editor(NotmuchSide side) : IMailEditor
    {
        public Task RetagAsync(MailRetag change, CancellationToken cancellationToken) =>
            side.Notmuch(["tag", "-" + change.Remove, "+" + change.Add, "--", "id:" + change.MessageId], null, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private Task<string> Notmuch(string[] args, string? standardInput, CancellationToken cancellationToken) =>
        ExternalCommand.RunAsync("notmuch", ["--config=" + _config, .. args], standardInput: standardInput, cancellationToken: cancellationToken);
}
