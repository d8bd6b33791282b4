using System.Text.Json;
using PatchSync.Tracker.Json;
using PatchSync.Tracker.Tests.Fakes;

namespace PatchSync.Tracker.Tests.Json;

public sealed class PatchJsonTests
{
    private static T Parse<T>(string fixture) =>
        (T)JsonSerializer.Deserialize(OwnFixtures.Read(fixture), PatchworkContentSerializer.Options.GetTypeInfo(typeof(T)))!;

    [Fact]
    public void Deserialize_PatchList_ReadsEmbeddedObjectsAndNaiveUtcDates()
    {
        var patches = Parse<List<Patch>>("patches-page.json");

        Assert.Equal(2, patches.Count);
        var first = patches[0];
        Assert.Equal(101, first.Id);
        Assert.Equal("widgets", first.Project.LinkName);
        Assert.Equal("widgets.lists.example.net", first.Project.ListId);
        Assert.Equal("<20250102101500.1-gear@example.net>", first.MsgId);
        Assert.Equal("20250102101500.1-gear@example.net", first.MessageId);
        Assert.Equal(new DateTime(2025, 1, 2, 10, 15, 0, DateTimeKind.Utc), first.Date);
        Assert.Equal(DateTimeKind.Utc, first.Date.Kind);
        Assert.Equal("under-review", first.State);
        Assert.Equal("gina@example.net", first.Submitter.Email);
        Assert.Equal("wmaint", first.Delegate?.Username);
        Assert.Equal(2, Assert.Single(first.Series).Version);
        Assert.Equal("success", first.Check);
        Assert.Null(patches[1].Delegate);
        Assert.Equal(new DateTime(2025, 1, 2, 10, 15, 1, 250, DateTimeKind.Utc), patches[1].Date);
    }

    [Fact]
    public void Deserialize_UnknownState_IsKeptAsSlug()
    {
        var patches = Parse<List<Patch>>("patches-page.json");

        Assert.Equal("awaiting-vendor", patches[1].State);
        Assert.True(patches[1].Archived);
    }

    [Fact]
    public void Deserialize_PatchDetail_ReadsHeadersWithRepeatedValues()
    {
        var patch = Parse<Patch>("patch-detail.json");

        Assert.Equal(JsonValueKind.String, patch.Headers!["Subject"].ValueKind);
        Assert.Equal(2, patch.Headers["Received"].GetArrayLength());
        Assert.Equal(["v2", "1/2"], patch.Prefixes!);
        Assert.Contains("Signed-off-by", patch.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_Events_ReadsStateAndDelegatePayloads()
    {
        var events = Parse<List<Event>>("events.json");

        var changed = events[0];
        Assert.Equal(EventCategories.PatchStateChanged, changed.Category);
        Assert.Equal("under-review", changed.Payload.PreviousState);
        Assert.Equal("accepted", changed.Payload.CurrentState);
        Assert.Equal(101, changed.Payload.Patch!.Id);
        Assert.Equal("20250102101500.1-gear@example.net", changed.Payload.Patch.MessageId);
        Assert.Equal(new DateTime(2025, 1, 5, 8, 0, 0, DateTimeKind.Utc).AddTicks(1234560), changed.Date);
        Assert.Equal("wmaint", changed.Actor?.Username);
        Assert.Null(events[1].Actor);
        Assert.Equal(3, events[1].Payload.CurrentDelegate?.Id);
    }

    [Fact]
    public void Deserialize_ProjectDetail_ReadsMaintainers()
    {
        var project = Parse<Project>("project.json");

        Assert.Equal("widgets", project.LinkName);
        Assert.Equal("wmaint", Assert.Single(project.Maintainers!).Username);
    }

    [Theory]
    [InlineData("<a@b>", "a@b")]
    [InlineData(" <a@b> ", "a@b")]
    [InlineData("a@b", "a@b")]
    [InlineData("<>", "")]
    public void StripBrackets_VariousForms_ReturnsBareId(string input, string expected) =>
        Assert.Equal(expected, MessageIds.StripBrackets(input));

    [Fact]
    public void Format_UtcDate_IsNaiveWithMicrosecondsOnlyWhenNeeded()
    {
        Assert.Equal("2024-03-02T09:01:00", PatchSync.Tracker.Paging.DateSlices.Format(new DateTime(2024, 3, 2, 9, 1, 0, DateTimeKind.Utc)));
        Assert.Equal("2024-03-02T09:01:00.000010", PatchSync.Tracker.Paging.DateSlices.Format(new DateTime(2024, 3, 2, 9, 1, 0, DateTimeKind.Utc).AddTicks(100)));
    }
}
