namespace PatchSync.Testing.Tracker;

/// <summary>One answer of <see cref="SyntheticPatchwork"/>, independent of the HTTP server hosting it.</summary>
public sealed record SyntheticResponse(int Status, string ContentType, byte[] Body, IReadOnlyDictionary<string, string> Headers);
