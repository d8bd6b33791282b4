using PatchSync.Core.Tags;
using Xunit;

namespace PatchSync.Core.Tests.Tags;

public sealed class TagSetInternerTests
{
    [Fact]
    public void Intern_SameTagsInAnyOrderOrRepeated_ReturnsOneSharedSet()
    {
        var interner = new TagSetInterner();

        var first = interner.Intern(["pw-new", "pw-archived"]);
        var second = interner.Intern(["pw-archived", "pw-new", "pw-new"]);

        Assert.Same(first, second);
        Assert.Equal(["pw-archived", "pw-new"], first.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Intern_DifferentTags_ReturnsDifferentSetsAndEmptyIsEmpty()
    {
        var interner = new TagSetInterner();

        var accepted = interner.Intern(["pw-accepted"]);
        var rejected = interner.Intern(["pw-rejected"]);
        var empty = interner.Intern([]);

        Assert.NotSame(accepted, rejected);
        Assert.Equal(["pw-accepted"], accepted);
        Assert.Equal(["pw-rejected"], rejected);
        Assert.Empty(empty);
        Assert.Same(empty, interner.Intern([]));
    }

    [Fact]
    public void InternArray_SameTags_ReturnsOneSortedArrayThatMatchesTheSet()
    {
        var interner = new TagSetInterner();

        var first = interner.InternArray(["pw-new", "pw-archived"]);
        var second = interner.InternArray(["pw-archived", "pw-new", "pw-new"]);
        var set = interner.Intern(["pw-new", "pw-archived"]);

        Assert.Same(first, second);
        Assert.Equal(["pw-archived", "pw-new"], first);
        Assert.True(set.SetEquals(first));
        Assert.Same(interner.InternArray([]), interner.InternArray([]));
        Assert.Same(interner.InternArray(["pw-new"]), interner.InternArray(["pw-new", "pw-new"]));
    }
}
