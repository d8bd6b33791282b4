using System.Data.Common;
using PatchSync.Server.Data.Paging;

namespace PatchSync.Server.Data.Stores;

/// <summary>
/// A patches page (rows, projects, checks and, when <paramref name="withRelated"/>, related patches)
/// read with the list's head (<see cref="PagePrefetch"/>).
/// </summary>
internal sealed class PatchPagePrefetch(bool withRelated) : PagePrefetch
{
    /// <summary>The page's reads, when they came with the head; null otherwise. Finish with <see cref="PatchStore.PageRows.ToPageAsync"/>.</summary>
    public PatchStore.PageRows? Rows { get; private set; }

    public override IReadOnlyList<string> Statements(string idCondition) => PatchStore.PageSql(idCondition, withRelated);

    public override async Task<bool> ReadAsync(DbDataReader reader, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var page = await PatchStore.ReadPageAsync(reader, ids, withRelated, cancellationToken);

        // A write between the statements can make them see different pages: then read by id instead.
        Rows = page.Rows.Count == ids.Count && page.Rows.All(r => page.Projects.ContainsKey(r.ProjectId)) ? page : null;
        return Rows is not null;
    }

    public override void Discard() => Rows = null;
}
