namespace PatchSync.Server.Data;

/// <summary>One of Patchwork's patch states: fixed id, the slug the API shows, and its display name.</summary>
internal sealed record PatchState(long Id, string Slug, string Name);
