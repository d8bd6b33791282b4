using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Api;

/// <summary>
/// Authenticates every API request that carries <c>Authorization: Token X</c>, like DRF does even for
/// reads: a token that matches no user is 403 "Invalid token." <c>Authorization: Basic</c> (user name and
/// password, set with <c>user passwd</c>) is accepted too, as DRF's BasicAuthentication, with its 403
/// messages. Anonymous requests pass through; the handlers decide what needs a user. Tokens and
/// passwords are never logged or echoed.
/// </summary>
internal sealed class AuthMiddleware(RequestDelegate next)
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
        else if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var (user, refusal) = await AuthenticateBasicAsync(header["Basic ".Length..].Trim(), users, context.RequestAborted);
            if (user is null)
            {
                await ApiResponses.DetailAsync(new ApiContext(context), StatusCodes.Status403Forbidden, refusal!);
                return;
            }

            context.Items[UserKey] = user;
        }

        await next(context);
    }

    /// <summary>DRF's BasicAuthentication: base64 of <c>user:password</c>, UTF-8 or else Latin-1.</summary>
    private static async Task<(Data.Rows.UserRow? User, string? Refusal)> AuthenticateBasicAsync(string credentials, UserStore users, CancellationToken cancellationToken)
    {
        if (credentials.Length == 0 || credentials.Contains(' ', StringComparison.Ordinal))
        {
            return (null, credentials.Length == 0 ? "Invalid basic header. No credentials provided." : "Invalid basic header. Credentials string should not contain spaces.");
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(credentials);
        }
        catch (FormatException)
        {
            return (null, "Invalid basic header. Credentials not correctly base64 encoded.");
        }

        string text;
        try
        {
            text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(decoded);
        }
        catch (System.Text.DecoderFallbackException)
        {
            text = System.Text.Encoding.Latin1.GetString(decoded);
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var username = colon < 0 ? text : text[..colon];
        var password = colon < 0 ? "" : text[(colon + 1)..];
        var user = await users.FindByPasswordAsync(username, password, cancellationToken);
        return user is null ? (null, "Invalid username/password.") : (user, null);
    }
}
