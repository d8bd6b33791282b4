namespace PatchSync.Server.Data.Rows;

/// <summary>The wide part of a patch or cover, read only by detail endpoints.</summary>
internal sealed class BodyRow
{
    public string Headers { get; init; } = "{}";

    public string Content { get; init; } = "";

    public string? Diff { get; init; }
}
