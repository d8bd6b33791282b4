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
        Assert.Equal("2020-01-01T00:00:00", slices[0].Since);
        Assert.Equal("2020-01-11T00:00:00.000001", slices[^1].Before);
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
        Assert.Equal("2020-01-01T00:00:00", slice.Since);
        Assert.Equal("2020-01-01T00:00:00.000001", slice.Before);
    }
}
