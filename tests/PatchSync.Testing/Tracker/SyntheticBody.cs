namespace PatchSync.Testing.Tracker;

/// <summary>
/// The parts of a write request <see cref="SyntheticPatchwork"/> looks at. <paramref name="HasContentLength"/>
/// false means the body came chunked: real Patchwork (WSGI) then reads it as EMPTY (fixture 58), and so does
/// the double, whatever <paramref name="Content"/> holds.
/// </summary>
public sealed record SyntheticBody(byte[] Content, string? ContentType, bool HasContentLength, string? Authorization);
