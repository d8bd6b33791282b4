using PatchSync.Core.Tags;

namespace PatchSync.Core.Tests.Tags;

public class ExtraTagNamesTests
{
    [Fact]
    public void For_NothingSet_IsEmpty() =>
        Assert.Empty(ExtraTagNames.For("pw-", null, "", seriesComplete: false));

    [Fact]
    public void For_AllSet_HasDelegateChecksAndSeriesTagsWithThePrefix()
    {
        var tags = ExtraTagNames.For("tr-", "alice", "success", seriesComplete: true);
        Assert.Equal(new[] { "tr-checks-success", "tr-delegate-alice", "tr-series-complete" }, tags.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Alice Smith", "alice-smith")]
    [InlineData("bob@example.org", "bob-example.org")]
    [InlineData("a_b-c.d", "a_b-c.d")]
    [InlineData("Zoë", "zo-")]
    [InlineData("", "")]
    public void TagSafe_KeepsAsciiLettersDigitsDashUnderscoreDot_AndLowersTheRest(string text, string expected) =>
        Assert.Equal(expected, ExtraTagNames.TagSafe(text));

    [Fact]
    public void For_DelegateIsMadeTagSafe() =>
        Assert.Contains("pw-delegate-john-doe", ExtraTagNames.For("pw-", "John Doe", null, seriesComplete: false));

    [Fact]
    public void ExtraTags_AreReadOnlyForTheDefaultMapping()
    {
        var mapping = new TagMapping();
        Assert.All(ExtraTagNames.For(mapping.Prefix, "x", "fail", seriesComplete: true), t => Assert.True(mapping.IsReadOnly(t), t));
    }
}
