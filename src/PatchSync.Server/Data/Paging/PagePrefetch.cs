using System.Data.Common;

namespace PatchSync.Server.Data.Paging;

/// <summary>
/// The row reads of a list page that can travel in the same command as the page's head on PostgreSQL
/// (<see cref="PageReader"/>), so a list is one round trip: each statement selects by an id
/// condition that repeats the page's id query. Used when that query is cheap to repeat (page 1, or a
/// page continuing from a keyset boundary); a deep OFFSET page reads its rows by id afterwards.
/// </summary>
internal abstract class PagePrefetch
{
    /// <summary>The statements, each with <paramref name="idCondition"/> (<c>= ANY(ARRAY(subquery))</c>) after its id column.</summary>
    public abstract IReadOnlyList<string> Statements(string idCondition);

    /// <summary>
    /// Reads the statements' results (the reader is at the first of them). True when they hold
    /// exactly the rows of <paramref name="ids"/>; false when a write between the statements made them
    /// differ, and the caller reads the rows by id instead.
    /// </summary>
    public abstract Task<bool> ReadAsync(DbDataReader reader, IReadOnlyList<long> ids, CancellationToken cancellationToken);

    /// <summary>Forgets what was read (the head had to be read again).</summary>
    public abstract void Discard();
}
