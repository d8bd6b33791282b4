namespace PatchSync.Server.Data;

/// <summary>
/// The few places where SQLite and PostgreSQL SQL differ. Everything else (queries, upserts with
/// ON CONFLICT, RETURNING, row values) is written once in the portable subset both accept.
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>Short name shown by <c>db analyze</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Column definition of an auto-numbered 64-bit primary key.</summary>
    public abstract string IdentityColumn { get; }

    /// <summary>Case-insensitive LIKE operator.</summary>
    public abstract string LikeOperator { get; }

    /// <summary>
    /// A case-insensitive match of <paramref name="column"/> against the pattern bound to <c>{0}</c>,
    /// with the backslash as the escape character (SQLite has none unless told; PostgreSQL's default is
    /// the same, named here so both read the pattern alike): see <see cref="SearchTerms.ContainsPattern"/>.
    /// </summary>
    public string ContainsCondition(string column) => $"{column} {LikeOperator} {{0}} ESCAPE '\\'";

    /// <summary>Prefix that turns a query into its plan.</summary>
    public abstract string ExplainPrefix { get; }

    /// <summary>Whether the store is SQLite (pragmas, WAL, plan wording).</summary>
    public abstract bool IsSqlite { get; }

    /// <summary>Expands the dialect tokens used by migration scripts.</summary>
    public string Expand(string sql) => sql.Replace("{pk}", IdentityColumn, StringComparison.Ordinal);
}
