using System.Net.Http.Headers;

namespace PatchSync.Tracker.Http;

/// <summary>
/// Adds <c>Authorization: Token …</c> to every request when a token is configured. The token lives only
/// here and in the request header; nothing logs headers.
/// </summary>
internal sealed class TokenAuthHandler(string? token) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.IsNullOrEmpty(token) && request.Headers.Authorization is null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
