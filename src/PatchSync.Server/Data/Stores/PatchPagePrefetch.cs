using System.Data.Common;
using PatchSync.Server.Data.Paging;

namespace PatchSync.Server.Data.Stores;

/// <summary>A patches page (rows, projects, checks) read with the list's head (<see cref="PagePrefetch"/>).</summary>
public sealed class PatchPagePrefetch : PagePrefetch
{
    /// <summary>The page, when it was read with the head; null otherwise.</summary>
    public PatchPage? Page { get; private set; }

    public override IReadOnlyList<string> Statements(string idCondition) => PatchStore.PageSql(idCondition);

    public override async Task<bool> ReadAsync(DbDataReader reader, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var page = await PatchStore.ReadPageAsync(reader, ids, cancellationToken);
        // A write between the statements can make them see different pages: then read by id instead.
        Page = page.Rows.Count == ids.Count && page.Rows.All(r => page.Projects.ContainsKey(r.ProjectId)) ? page : null;
        return Page is not null;
    }

    public override void Discard() => Page = null;
}
