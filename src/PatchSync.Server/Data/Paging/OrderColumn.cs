namespace PatchSync.Server.Data.Paging;

/// <summary>One ORDER BY term of a list query (a qualified column).</summary>
internal readonly record struct OrderColumn(string Column, bool Descending);
