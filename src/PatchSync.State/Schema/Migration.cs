namespace PatchSync.State.Schema;

/// <summary>One schema step: the script that takes the database from <c>Version - 1</c> to <paramref name="Version"/>.</summary>
internal sealed record Migration(int Version, string Script);
