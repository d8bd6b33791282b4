namespace PatchSync.Server.Data.Analysis;

/// <summary>One list endpoint's page query on the current data: its SQL, plan, index and time.</summary>
internal sealed record AnalyzedQuery(string Endpoint, string Sql, IReadOnlyList<string> Plan, string? Index, bool FullScan, bool Sorts, TimeSpan Median);
