using PatchSync.Tracker.Paging;

namespace PatchSync.Tracker.Tests.Paging;

public sealed class DateSlicesTests
{
    [Fact]
    public void Split_Span_GivesContiguousSlicesEndingAfterLast()
    {
        var first = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var last = new DateTime(2020, 1, 11, 0, 0, 0, DateTimeKind.Utc);

        var slices = DateSlices.Split(first, last, 10);

        Assert.Equal(10, slices.Count);
        Assert.Equal("2020-01-01T00:00:00", DateSlices.Format(slices[0].Since!.Value));
        Assert.Equal("2020-01-11T00:00:00.000001", DateSlices.Format(slices[^1].Before!.Value));
        for (var i = 1; i < slices.Count; i++)
        {
            Assert.Equal(slices[i - 1].Before, slices[i].Since);
        }
    }

    [Fact]
    public void Split_TinySpan_NeverGivesEmptySlices()
    {
        var at = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        var slices = DateSlices.Split(at, at, 50);

        var slice = Assert.Single(slices);
        Assert.Equal("2020-01-01T00:00:00", DateSlices.Format(slice.Since!.Value));
        Assert.Equal("2020-01-01T00:00:00.000001", DateSlices.Format(slice.Before!.Value));
    }

    [Fact]
    public void Split_Segment_CutsItsOwnBoundsOnly()
    {
        var since = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var segment = new PageSegment(since, since.AddHours(4));

        var parts = DateSlices.Split(segment, 4);

        Assert.Equal([since, since.AddHours(1), since.AddHours(2), since.AddHours(3)], parts.Select(p => p.Since!.Value));
        Assert.Equal(since.AddHours(4), parts[^1].Before);
    }
}
