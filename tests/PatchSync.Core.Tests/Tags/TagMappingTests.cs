using PatchSync.Core.Tags;

namespace PatchSync.Core.Tests.Tags;

public class TagMappingTests
{
    [Fact]
    public void TagFor_UnknownSlug_IsPrefixPlusSlug()
    {
        var mapping = new TagMapping();
        Assert.Equal("pw-under-review", mapping.TagFor("under-review"));
        Assert.Equal("pw-needs-ack", mapping.TagFor("needs-ack"));
    }

    [Fact]
    public void Overrides_MapBothWays_AndHideTheDefaultTag()
    {
        var mapping = new TagMapping("pw-", new Dictionary<string, string> { ["accepted"] = "pw-applied" });
        Assert.Equal("pw-applied", mapping.TagFor("accepted"));
        Assert.Equal("accepted", mapping.StateFor("pw-applied"));
        Assert.Null(mapping.StateFor("pw-accepted"));
    }

    [Theory]
    [InlineData("inbox")]
    [InlineData("pw-archived")]
    [InlineData("pw-")]
    public void StateFor_NonStateTags_IsNull(string tag) => Assert.Null(new TagMapping().StateFor(tag));

    [Fact]
    public void Override_WithoutPrefix_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new TagMapping("pw-", new Dictionary<string, string> { ["new"] = "todo" }));
}
