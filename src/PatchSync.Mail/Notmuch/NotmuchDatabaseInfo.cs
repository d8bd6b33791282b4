namespace PatchSync.Mail.Notmuch;

/// <summary>What <see cref="NotmuchMailStore.ProbeAsync"/> found.</summary>
/// <param name="Version">notmuch's version, e.g. <c>0.37</c>.</param>
/// <param name="DatabasePath">The mail root the config names (<c>database.path</c>), or null when notmuch prints none.</param>
/// <param name="Messages">Messages in the database.</param>
/// <param name="Uuid">The database's UUID (a rebuilt database gets a new one: the next read is a full one).</param>
/// <param name="Revision">The current lastmod revision, which incremental reads start from.</param>
public sealed record NotmuchDatabaseInfo(string Version, string? DatabasePath, long Messages, string Uuid, ulong Revision);
