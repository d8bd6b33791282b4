using System.Text;
using PatchSync.Server.Api;
using PatchSync.Server.Api.Endpoints;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Paging;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Hosting;

/// <summary>Builds the web application: services, middleware and the API under every version prefix.</summary>
internal static class ServerApp
{
    /// <summary><c>/api/</c> (newest) and each supported version.</summary>
    public static IReadOnlyList<string> Prefixes { get; } = ["/api/", "/api/1.0/", "/api/1.1/", "/api/1.2/", "/api/1.3/"];

    public static WebApplication Build(Database database, string urls, Action<ILoggingBuilder>? logging = null, PatchworkQuirks? quirks = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(urls);

        // Kestrel refuses a header with a non-ASCII byte with a bare 400 before any middleware runs.
        // Read header bytes as Latin-1 instead (every byte is a character), so such a token reaches
        // AuthMiddleware and gets Patchwork's 403 "Invalid token.".
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.RequestHeaderEncodingSelector = _ => Encoding.Latin1);
        builder.Logging.ClearProviders();
        if (logging is null)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        }
        else
        {
            logging(builder.Logging);
        }

        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(quirks ?? PatchworkQuirks.Off);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<KeysetCache>();
        builder.Services.AddSingleton<PageReader>();
        builder.Services.AddSingleton<ListResponder>();
        builder.Services.AddSingleton<ProjectStore>();
        builder.Services.AddSingleton<UserStore>();
        builder.Services.AddSingleton<PatchStore>();
        builder.Services.AddSingleton<CheckStore>();
        builder.Services.AddSingleton<CommentStore>();
        builder.Services.AddSingleton<BundleStore>();

        var app = builder.Build();
        app.UseMiddleware<ClientErrorMiddleware>();
        app.UseMiddleware<ServerTimingMiddleware>();
        app.UseMiddleware<AuthMiddleware>();
        app.UseRouting();
        foreach (var prefix in Prefixes)
        {
            var group = app.MapGroup(prefix);
            RootEndpoints.Map(group);
            ProjectEndpoints.Map(group);
            PatchEndpoints.Map(group);
            EventEndpoints.Map(group);
            PeopleEndpoints.Map(group);
            SeriesEndpoints.Map(group);
            CoverEndpoints.Map(group);
            CommentEndpoints.Map(group);
            CheckEndpoints.Map(group);
            BundleEndpoints.Map(group);
        }

        AllowedMethods.MapOptionsAndAllow(app);
        MboxEndpoints.Map(app);
        return app;
    }
}
