using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PatchSync.Testing.Tracker;

namespace PatchSync.Bench.Tracker;

/// <summary>
/// The child process side: serves a <see cref="SyntheticPatchwork"/> on Kestrel until stdin closes, so the
/// parent's peak RSS measures the client alone.
/// </summary>
internal static class StubServer
{
    /// <summary>Answers the Patchwork cost model's server milliseconds served so far.</summary>
    public const string ServedPath = "/bench/served-ms";

    public static async Task<int> RunAsync(int port, int patches, LatencyModel model, bool skewed)
    {
        var server = new PatchworkCostModel();
        var fake = new SyntheticPatchwork(patches, seed: 42, skewed) { Latency = model.ForListing(patches, server) };
        var origin = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        await using var app = builder.Build();
        app.Run(async context =>
        {
            if (context.Request.Path == ServedPath)
            {
                // The model's server time so far, for the bench to total per run (not a Patchwork endpoint).
                await context.Response.WriteAsync(server.ServedMs.ToString("R", System.Globalization.CultureInfo.InvariantCulture), context.RequestAborted);
                return;
            }

            var answer = await fake.HandleAsync(
                context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value?.TrimStart('?') ?? "", origin, context.RequestAborted);
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
        Console.WriteLine("ready");
        await Console.In.ReadToEndAsync(); // the parent closes stdin to stop us
        await app.StopAsync();
        return 0;
    }
}
