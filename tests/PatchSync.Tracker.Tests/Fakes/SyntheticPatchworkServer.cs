using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PatchSync.Testing;
using PatchSync.Testing.Tracker;

namespace PatchSync.Tracker.Tests.Fakes;

/// <summary>Serves a <see cref="SyntheticPatchwork"/> from Kestrel on a free 127.0.0.1 port.</summary>
public sealed class SyntheticPatchworkServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SyntheticPatchworkServer(WebApplication app, SyntheticPatchwork fake, Uri url)
    {
        _app = app;
        Fake = fake;
        Url = url;
    }

    public SyntheticPatchwork Fake { get; }

    /// <summary>The site root, with a trailing slash.</summary>
    public Uri Url { get; }

    public static async Task<SyntheticPatchworkServer> StartAsync(SyntheticPatchwork fake)
    {
        var port = FreePort.Next();
        var origin = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(async context =>
        {
            var answer = await fake.HandleAsync(
                context.Request.Method,
                context.Request.Path.Value ?? "/",
                context.Request.QueryString.Value?.TrimStart('?') ?? "",
                origin,
                await ReadBodyAsync(context.Request),
                context.RequestAborted);
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = answer.ContentType;
            foreach (var (name, value) in answer.Headers)
            {
                context.Response.Headers[name] = value;
            }

            context.Response.ContentLength = answer.Body.Length;
            await context.Response.Body.WriteAsync(answer.Body, context.RequestAborted);
        });
        await app.StartAsync();
        return new SyntheticPatchworkServer(app, fake, new Uri(origin + "/"));
    }

    /// <summary>
    /// What a write sent. A chunked body (no Content-Length) is passed on as such: the double reads it as
    /// empty, like Patchwork behind a WSGI server.
    /// </summary>
    private static async Task<SyntheticBody?> ReadBodyAsync(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return new SyntheticBody(buffer.ToArray(), request.ContentType, request.ContentLength is not null, request.Headers.Authorization.FirstOrDefault());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
