namespace PatchSync.Server.Data.Migrations;

/// <summary>One versioned schema step; <see cref="Sql"/> may use dialect tokens such as <c>{pk}</c>.</summary>
internal sealed record Migration(int Version, string Name, string Sql);
