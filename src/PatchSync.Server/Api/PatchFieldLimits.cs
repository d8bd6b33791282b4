namespace PatchSync.Server.Api;

/// <summary>
/// Patchwork's column sizes for the free-text patch fields a PATCH may set (<c>models.Patch</c>:
/// <c>CharField(max_length=255)</c>). Patchwork's pull_url is a CharField, not a URLField, so
/// its only check is the length.
/// </summary>
internal static class PatchFieldLimits
{
    public const int CommitRefLength = 255;

    public const int PullUrlLength = 255;
}
