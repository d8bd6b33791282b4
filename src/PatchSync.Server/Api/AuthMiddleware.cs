using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Api;

/// <summary>
/// Authenticates every API request that carries <c>Authorization: Token X</c>, like DRF does even for
/// reads: a token that matches no user is 403 "Invalid token." Anonymous requests pass through; the
/// handlers decide what needs a user. The token itself is never logged or echoed.
/// </summary>
public sealed class AuthMiddleware(RequestDelegate next)
{
    public const string UserKey = "pwsync.user";

    public async Task InvokeAsync(HttpContext context, UserStore users)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Token ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header["Token ".Length..].Trim();
            var user = token.Length == 0 ? null : await users.FindByTokenAsync(token, context.RequestAborted);
            if (user is null)
            {
                await ApiResponses.DetailAsync(new ApiContext(context), StatusCodes.Status403Forbidden, ApiResponses.InvalidToken);
                return;
            }

            context.Items[UserKey] = user;
        }

        await next(context);
    }
}
