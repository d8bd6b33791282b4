namespace PatchSync.Server.Data;

/// <summary>SQLite: rowid primary keys, ASCII case-insensitive LIKE, EXPLAIN QUERY PLAN.</summary>
internal sealed class SqliteDialect : SqlDialect
{
    public static SqliteDialect Instance { get; } = new();

    public override string Name => "sqlite";

    // INTEGER PRIMARY KEY (not BIGINT) makes the column the rowid, so a lookup by id is the table b-tree itself.
    public override string IdentityColumn => "INTEGER PRIMARY KEY";

    public override string LikeOperator => "LIKE";

    public override string ExplainPrefix => "EXPLAIN QUERY PLAN ";

    public override bool IsSqlite => true;
}
