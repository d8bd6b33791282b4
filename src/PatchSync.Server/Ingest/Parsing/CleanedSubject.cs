namespace PatchSync.Server.Ingest;

/// <summary>A subject after <see cref="SubjectCleaner.Clean"/>: the name shown for the patch and the prefixes kept.</summary>
internal sealed record CleanedSubject(string Name, IReadOnlyList<string> Prefixes);
