using System.Data.Common;
using PatchSync.Server.Data.Rows;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Api.Endpoints;

/// <summary>
/// The checks handlers begin with. Each returns what the request may go on with, or writes
/// Patchwork's error response (403 or 404) and returns null when the request stops there.
/// </summary>
internal static class Guards
{
    /// <summary>The caller, or null after 403 "Authentication credentials were not provided.".</summary>
    public static async Task<UserRow?> RequireUserAsync(ApiContext api)
    {
        if (api.User is null)
        {
            await ApiResponses.DetailAsync(api, StatusCodes.Status403Forbidden, ApiResponses.NoCredentials);
        }

        return api.User;
    }

    /// <summary>The patch, or null after 404 "Not found.".</summary>
    public static async Task<PatchRow?> FindPatchAsync(ApiContext api, DbConnection connection, long id, CancellationToken cancellationToken)
    {
        var patch = await PatchStore.FindAsync(connection, id, cancellationToken);
        if (patch is null)
        {
            await ApiResponses.NotFoundAsync(api);
        }

        return patch;
    }

    /// <summary>The patch <paramref name="user"/> may edit, or null after its 404 or a 403 "You do not have permission…".</summary>
    public static async Task<PatchRow?> FindEditablePatchAsync(ApiContext api, DbConnection connection, UserRow user, long id, CancellationToken cancellationToken)
    {
        var patch = await FindPatchAsync(api, connection, id, cancellationToken);
        if (patch is not null && !await Permissions.CanEditPatchAsync(connection, user, patch, cancellationToken))
        {
            await ApiResponses.DetailAsync(api, StatusCodes.Status403Forbidden, ApiResponses.NoPermission);
            return null;
        }

        return patch;
    }
}
