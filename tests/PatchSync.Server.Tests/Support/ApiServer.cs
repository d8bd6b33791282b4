using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using PatchSync.Server.Data;
using PatchSync.Server.Hosting;

namespace PatchSync.Server.Tests.Support;

/// <summary>The real server (Kestrel) in-process on a free 127.0.0.1 port, with an HttpClient for it.</summary>
internal sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
        Client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseUrl { get; }

    public HttpClient Client { get; }

    public static async Task<ApiServer> StartAsync(Database database, PatchworkQuirks? quirks = null, Action<Microsoft.Extensions.Logging.ILoggingBuilder>? logging = null)
    {
        var app = ServerApp.Build(database, "http://127.0.0.1:0", logging ?? (_ => { }), quirks);
        await app.StartAsync();
        return new ApiServer(app, new Uri(app.Urls.First()));
    }

    public async Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(string path, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request, token);
    }

    public async Task<(HttpResponseMessage Response, JsonElement Body)> SendJsonAsync(HttpMethod method, string path, string? json, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await SendAsync(request, token);
    }

    public async Task<(HttpResponseMessage Response, JsonElement Body)> SendAsync(HttpRequestMessage request, string? token = null)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        }

        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response, body);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
