namespace PatchSync.Server.Api;

/// <summary>
/// Answers what Kestrel refuses while a handler reads the request (a body over the size limit is
/// 413, a malformed chunked body 400) with Patchwork's <c>{"detail": …}</c> shape, and logs it as
/// the client's error, one line with no stack trace. Without this the exception reaches the host,
/// which logs it as an unhandled application error although the server did nothing wrong.
/// </summary>
internal sealed partial class ClientErrorMiddleware(RequestDelegate next, ILogger<ClientErrorMiddleware> logger)
{
    public const string BodyTooLarge = "Request body too large.";

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException refused)
        {
            LogClientError(logger, refused.StatusCode, context.Request.Method, context.Request.Path, refused.Message);
            if (context.Response.HasStarted)
            {
                return;
            }

            context.Response.Clear();
            var detail = refused.StatusCode == StatusCodes.Status413PayloadTooLarge ? BodyTooLarge : "Bad request.";
            await ApiResponses.DetailAsync(new ApiContext(context), refused.StatusCode, detail);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "client error {Status} on {Method} {Path}: {Reason}")]
    private static partial void LogClientError(ILogger logger, int status, string method, string path, string reason);
}
