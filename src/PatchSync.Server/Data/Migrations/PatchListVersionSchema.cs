namespace PatchSync.Server.Data.Migrations;

/// <summary>
/// Version 6: a second per-project counter, <c>patch_list_seq</c>, that changes only when which patches
/// a list filter matches, or their order, may have changed (a patch added, or its state, archived flag
/// or delegate changed). <c>change_seq</c> still changes on every write (it is the ETag). A remembered
/// page boundary depends only on the patch list, so it is kept at this version: a write of a commit
/// ref, a pull URL, a comment or a check leaves it usable, in this process and in any other one.
/// </summary>
internal static class PatchListVersionSchema
{
    public static Migration Migration { get; } = new(6, "patch list version", "ALTER TABLE projects ADD COLUMN patch_list_seq BIGINT NOT NULL DEFAULT 0");
}
