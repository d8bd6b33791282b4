namespace PatchSync.Tracker;

/// <summary>
/// Read-only questions about the token (for <c>pwsync check</c>): is it accepted, and whose is it.
/// Patchwork has no "who am I" endpoint, so these ask what only a logged-in user may read.
/// </summary>
public sealed partial class PatchworkClient
{
    /// <summary>The first API version whose own user record carries <c>settings</c> (see <see cref="User.Settings"/>).</summary>
    public const string OwnUserRecordVersion = "1.2";

    /// <summary>
    /// Asks for one entry of the user list, which Patchwork 3.1 shows to logged-in users only; DRF
    /// authenticates every request, so a rejected token is refused here as anywhere.
    /// </summary>
    /// <exception cref="TrackerAuthException">No token (and the list needs one), or the token was rejected.</exception>
    public async Task CheckTokenAsync(CancellationToken cancellationToken = default)
    {
        var version = await VersionAsync(cancellationToken);
        await SendAsync(c => _api.ListUsersAsync(version, 1, 1, c), Endpoint($"api/{version}/users/"), cancellationToken);
    }

    /// <summary>Whether the API in use marks the token's own user record (1.2+), so <see cref="FindTokenUserAsync"/> can answer.</summary>
    public async Task<bool> CanIdentifyTokenUserAsync(CancellationToken cancellationToken = default) =>
        string.CompareOrdinal(await VersionAsync(cancellationToken), OwnUserRecordVersion) >= 0;

    /// <summary>
    /// The token's user among <paramref name="candidates"/> (e.g. a project's maintainers), or null when it is
    /// none of them: each candidate's record is read, and only the token's own carries <c>settings</c>
    /// (API 1.2+; check <see cref="CanIdentifyTokenUserAsync"/> first). Nothing is written.
    /// </summary>
    public async Task<User?> FindTokenUserAsync(IEnumerable<User> candidates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        foreach (var candidate in candidates)
        {
            var record = await GetUserAsync(candidate.Id, cancellationToken);
            if (record.Settings is not null)
            {
                return record;
            }
        }

        return null;
    }
}
