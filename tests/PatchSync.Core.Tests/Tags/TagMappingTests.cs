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

    [Fact]
    public void Overrides_TwoStatesOneTag_AreRefusedNamingBoth()
    {
        var e = Assert.Throws<ArgumentException>(() => new TagMapping("pw-", new Dictionary<string, string> { ["accepted"] = "pw-done", ["rejected"] = "pw-done" }));
        Assert.StartsWith("tag 'pw-done' is mapped to several states (accepted, rejected)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Override_ToTheArchivedTag_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new TagMapping("pw-", new Dictionary<string, string> { ["accepted"] = "pw-archived" }));

    [Theory]
    [InlineData("pw-delegate-alice", true)]
    [InlineData("pw-checks-fail", true)]
    [InlineData("pw-series-complete", true)]
    [InlineData("pw-new", false)]
    [InlineData("inbox", false)]
    public void IsReadOnly_DefaultPrefixes(string tag, bool expected)
    {
        var mapping = new TagMapping();
        Assert.Equal(expected, mapping.IsReadOnly(tag));
        Assert.Equal(expected, tag.StartsWith("pw-", StringComparison.Ordinal) && mapping.StateFor(tag) is null);
    }

    [Fact]
    public void ReadOnlySuffixes_AreConfigurable()
    {
        var mapping = new TagMapping("pw-", readOnlySuffixes: ["ci-"]);
        Assert.True(mapping.IsReadOnly("pw-ci-pass"));
        Assert.Equal("delegate-alice", mapping.StateFor("pw-delegate-alice"));
    }

    [Fact]
    public void TagsFor_StateArchivedAndOwnedExtras()
    {
        var tags = new TagMapping().TagsFor(new Model.PatchSnapshot("accepted", true), new HashSet<string> { "pw-checks-pass", "inbox" });
        Assert.True(tags.SetEquals(["pw-accepted", "pw-archived", "pw-checks-pass"]));
    }
}
