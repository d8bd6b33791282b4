using System.Net;
using PatchSync.Testing.Tracker;
using PatchSync.Tracker.Tests.Fakes;

namespace PatchSync.Tracker.Tests.Http;

/// <summary>
/// The client against the strict synthetic Patchwork, which answers like a real Patchwork 3.1.3: a client bug
/// of issue 9's kind (repeated category, chunked PATCH body, unchecked answer) fails here.
/// </summary>
public sealed class StrictPatchworkTests
{
    private static readonly DateTime Start = new(2026, 12, 3, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task ListEventsAsync_TwoCategories_GetsTheEventsOfBoth()
    {
        var fake = new SyntheticPatchwork(50);
        for (var i = 0; i < 12; i++)
        {
            fake.AddEvent(EventCategories.PatchStateChanged, Start.AddMinutes(2 * i), patchId: i + 1, previousState: "new", currentState: "accepted");
            fake.AddEvent(EventCategories.SeriesCompleted, Start.AddMinutes((2 * i) + 1), seriesId: i + 1);
            fake.AddEvent(EventCategories.PatchCommentCreated, Start.AddMinutes((2 * i) + 1), patchId: i + 1);
        }

        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url, o => o.PageSize = 5);

        var events = await client.ListEventsAsync(new EventQuery
        {
            Project = "synth",
            Categories = [EventCategories.PatchStateChanged, EventCategories.SeriesCompleted],
            Since = Start,
        }).ToListAsync();

        Assert.Equal(24, events.Count);
        Assert.Equal(12, events.Count(e => e.Category == EventCategories.PatchStateChanged));
        Assert.Equal(12, events.Count(e => e.Category == EventCategories.SeriesCompleted));
        Assert.Equal(events.OrderByDescending(e => e.Date).ThenByDescending(e => e.Id).Select(e => e.Id), events.Select(e => e.Id));
        Assert.All(fake.Queries.Where(q => q.Contains("category=", StringComparison.Ordinal)), q =>
            Assert.Empty(PatchworkQueryRules.RepeatedSingleValued(q)));
    }

    [Fact]
    public async Task ListEventsAsync_ManyCategories_KeepsMaxInFlightOverall()
    {
        var fake = new SyntheticPatchwork(50) { EventsLatency = _ => TimeSpan.FromMilliseconds(20) };
        string[] categories = [EventCategories.PatchCreated, EventCategories.PatchStateChanged, EventCategories.PatchDelegated, EventCategories.CheckCreated, EventCategories.SeriesCompleted];
        for (var i = 0; i < 100; i++)
        {
            fake.AddEvent(categories[i % categories.Length], Start.AddSeconds(i), patchId: (i % 50) + 1, seriesId: i);
        }

        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url, o => { o.ApiVersion = "1.3"; o.PageSize = 5; o.MaxInFlight = 2; });

        var events = await client.ListEventsAsync(new EventQuery { Categories = categories }).ToListAsync();

        Assert.Equal(100, events.Count);
        Assert.InRange(fake.MaxInFlight, 1, 2);
    }

    [Fact]
    public async Task UpdatePatchAsync_StrictDouble_ChangesTheStateAndWritesAnEvent()
    {
        var fake = new SyntheticPatchwork(20);
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url, o => o.Token = "maint");
        var target = fake.Patches.First(p => p.State != "rfc" && !p.Archived);

        var answered = await client.UpdatePatchAsync(target.Id, new PatchUpdate { State = "RFC", Archived = true, Delegate = DelegateChange.To(1) });
        var detail = await client.GetPatchAsync(target.Id);
        var events = await client.ListEventsAsync(new EventQuery { Categories = [EventCategories.PatchStateChanged, EventCategories.PatchDelegated] }).ToListAsync();

        Assert.Equal(("rfc", true, 1L), (answered.State, answered.Archived, answered.Delegate?.Id));
        Assert.Equal(("rfc", true), (detail.State, detail.Archived));
        Assert.NotNull(detail.Diff);
        var changed = Assert.Single(events, e => e.Category == EventCategories.PatchStateChanged);
        Assert.Equal((target.Id, target.State, "rfc"), (changed.Payload.Patch!.Id, changed.Payload.PreviousState, changed.Payload.CurrentState));
        Assert.Single(events, e => e.Category == EventCategories.PatchDelegated);
    }

    [Fact]
    public async Task UpdatePatchAsync_BodySentChunked_ThrowsNotAppliedAndNothingChanges()
    {
        // A handler that streams the body as Refit did before issue 9: the strict double reads it as empty.
        var fake = new SyntheticPatchwork(20);
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
#pragma warning disable CA2000 // owned by the client
        using var client = PatchworkClientFactory.Create(
            TestClients.Options(server.Url, o => o.Token = "maint"), inner: new ChunkingHandler { InnerHandler = new SocketsHttpHandler() });
#pragma warning restore CA2000
        var target = fake.Patches.First(p => p.State != "rfc");

        var ex = await Assert.ThrowsAsync<TrackerUpdateNotAppliedException>(() => client.UpdatePatchAsync(target.Id, new PatchUpdate { State = "rfc" }));

        Assert.Equal($"patch {target.Id}: the tracker answered 200 but still holds state '{target.State}' (asked 'rfc'): the change was not applied", ex.Message);
        Assert.Equal(target.State, fake.Patches[(int)target.Id - 1].State);
        Assert.Empty(fake.Events);
    }

    [Fact]
    public async Task UpdatePatchAsync_NoToken_Is403LikePatchwork()
    {
        var fake = new SyntheticPatchwork(5);
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url);

        var ex = await Assert.ThrowsAsync<TrackerAuthException>(() => client.UpdatePatchAsync(1, new PatchUpdate { State = "rfc" }));

        Assert.Equal(TrackerAuthFailure.MissingToken, ex.Failure);
    }

    [Fact]
    public async Task UpdatePatchAsync_UnknownState_Is400WithTheStateList()
    {
        var fake = new SyntheticPatchwork(5);
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url, o => o.Token = "maint");

        var ex = await Assert.ThrowsAsync<TrackerBadRequestException>(() => client.UpdatePatchAsync(1, new PatchUpdate { State = "bogus" }));

        Assert.Contains("Invalid state bogus. Expected one of: new, under-review,", ex.Message, StringComparison.Ordinal);
    }

    private sealed class ChunkingHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } content)
            {
                var bytes = await content.ReadAsByteArrayAsync(cancellationToken);
                var streamed = new UnknownLengthContent(bytes);
                streamed.Headers.ContentType = content.Headers.ContentType;
                request.Content = streamed;
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
