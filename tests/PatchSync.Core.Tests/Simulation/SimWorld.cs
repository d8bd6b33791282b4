using PatchSync.Core.Model;
using PatchSync.Core.Planning;
using PatchSync.Core.Tags;

namespace PatchSync.Core.Tests.Simulation;

/// <summary>
/// The three places pwsync keeps in step, in memory: the tracker's patches, the mail's owned tags, and the
/// state store (bases, outbox, conflicts log). Test code only: the real engine does this with I/O.
/// </summary>
internal sealed class SimWorld
{
    public SimWorld(TagMapping mapping) => Mapping = mapping;

    public TagMapping Mapping { get; }

    public SortedDictionary<long, PatchSnapshot> Tracker { get; } = [];

    public SortedDictionary<long, HashSet<string>> Mail { get; } = [];

    public SortedDictionary<long, PatchSnapshot> Base { get; } = [];

    public SortedDictionary<long, PushToTracker> Outbox { get; } = [];

    public List<ConflictDecided> Conflicts { get; } = [];

    public SimWorld Clone()
    {
        var copy = new SimWorld(Mapping);
        foreach (var (id, v) in Tracker)
        {
            copy.Tracker[id] = v;
        }

        foreach (var (id, tags) in Mail)
        {
            copy.Mail[id] = new HashSet<string>(tags, StringComparer.Ordinal);
        }

        foreach (var (id, v) in Base)
        {
            copy.Base[id] = v;
        }

        foreach (var (id, v) in Outbox)
        {
            copy.Outbox[id] = v;
        }

        copy.Conflicts.AddRange(Conflicts);
        return copy;
    }

    /// <summary>Applies a user edit; returns whether it changed anything.</summary>
    public bool Apply(SimEdit edit)
    {
        var before = Describe();
        var tags = Mail[edit.Patch];
        var tracker = Tracker[edit.Patch];
        switch (edit.Kind)
        {
            case SimEditKind.TrackerState:
                Tracker[edit.Patch] = tracker with { State = edit.State };
                break;
            case SimEditKind.TrackerArchived:
                Tracker[edit.Patch] = tracker with { Archived = !tracker.Archived };
                break;
            case SimEditKind.MailSetState:
                tags.RemoveWhere(t => Mapping.StateFor(t) is not null);
                tags.Add(Mapping.TagFor(edit.State));
                break;
            case SimEditKind.MailAddState:
                tags.Add(Mapping.TagFor(edit.State));
                break;
            case SimEditKind.MailArchived:
                if (!tags.Remove(Mapping.ArchivedTag))
                {
                    tags.Add(Mapping.ArchivedTag);
                }

                break;
            case SimEditKind.MailStrip:
                tags.RemoveWhere(Mapping.IsOwned);
                break;
        }

        return Describe() != before;
    }

    /// <summary>Whether the mail shows <paramref name="state"/> (carries its tag).</summary>
    public bool MailShowsState(long patch, string state) => Mail[patch].Contains(Mapping.TagFor(state));

    public bool MailShowsArchived(long patch) => Mail[patch].Contains(Mapping.ArchivedTag);

    public string Describe() => string.Join(
        " | ",
        Tracker.Keys.Select(id =>
            $"#{id} tracker={Tracker[id]} mail=[{string.Join(' ', Mail[id].Order(StringComparer.Ordinal))}] base={(Base.TryGetValue(id, out var b) ? b : "none")}"
            + (Outbox.TryGetValue(id, out var o) ? $" outbox={o.Expected}->{o.Desired}" : "")));
}
