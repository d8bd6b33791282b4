namespace PatchSync.Mail.Abstractions;

/// <summary>What <see cref="IMailStore.ApplyAsync"/> did.</summary>
/// <param name="Applied">Message-IDs whose copies now carry the requested tags.</param>
/// <param name="Conflicts">Message-IDs left unchanged because another client modified them since they were read.</param>
/// <param name="NotFound">Message-IDs no copy carries.</param>
public sealed record ApplyResult(
    IReadOnlyList<string> Applied,
    IReadOnlyList<string> Conflicts,
    IReadOnlyList<string> NotFound);
