using PatchSync.Testing;
using WireMock.Server;
using WireMock.Settings;

namespace PatchSync.Tracker.Tests.Fakes;

/// <summary>A WireMock server on a free 127.0.0.1 port, for fault injection and exact responses.</summary>
public sealed class MockTracker : IDisposable
{
    public MockTracker() =>
        Server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort.Next()}"] });

    public WireMockServer Server { get; }

    /// <summary>The site root with a trailing slash.</summary>
    public Uri Url => new(Server.Urls[0] + "/");

    /// <summary>Requests received for <paramref name="path"/> (exact path).</summary>
    public int CountRequests(string path) => Server.LogEntries.Count(e => e.RequestMessage.Path == path);

    public void Dispose() => Server.Stop();
}
