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

    /// <summary>Prefix that turns a query into its plan.</summary>
    public abstract string ExplainPrefix { get; }

    /// <summary>Whether the store is SQLite (pragmas, WAL, plan wording).</summary>
    public abstract bool IsSqlite { get; }

    /// <summary>Expands the dialect tokens used by migration scripts.</summary>
    public string Expand(string sql) => sql.Replace("{pk}", IdentityColumn, StringComparison.Ordinal);
}
