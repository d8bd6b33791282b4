using PatchSync.Core.Ports;
using PatchSync.Core.Tags;
using PatchSync.Mail.Tags;
using Xunit;

namespace PatchSync.Mail.Tests.Tags;

public sealed class MergedChangeTests
{
    [Fact]
    public void Merge_SeveralChangesToOneMessage_LaterWinsAndEmptyDropped()
    {
        var merged = MergedChange.Merge(
        [
            new TagChange("a", Set("pw-new"), Set()),
            new TagChange("a", Set("pw-accepted"), Set("pw-new")),
            new TagChange("b", Set(), Set()),
        ]);

        Assert.Equal(["a"], merged.Keys);
        Assert.Equal(["pw-accepted"], merged["a"].Add);
        Assert.Equal(["pw-new"], merged["a"].Remove);
    }

    [Fact]
    public void EnsureOwned_ForeignTag_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => new OwnedTags("pw-").EnsureOwned([new TagChange("a@b", Set("inbox"), Set())]));

        Assert.Contains("'inbox'", error.Message, StringComparison.Ordinal);
    }

    private static HashSet<string> Set(params string[] tags) => tags.ToHashSet(StringComparer.Ordinal);
}
