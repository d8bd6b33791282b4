namespace PatchSync.Server.Data.Migrations;

/// <summary>One versioned schema step; <see cref="Sql"/> may use dialect tokens such as <c>{pk}</c>.</summary>
public sealed record Migration(int Version, string Name, string Sql);
