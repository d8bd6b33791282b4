using PatchSync.Tracker.Paging;

namespace PatchSync.Tracker.Tests.Paging;

public sealed class LinkHeaderTests
{
    [Fact]
    public void Parse_Patchwork31Header_ReadsNextAndLastPage()
    {
        var links = LinkHeader.Parse([
            "<http://pw.test/api/patches/?page=3&per_page=5&project=widgets>; rel=\"next\", " +
            "<http://pw.test/api/patches/?per_page=5&project=widgets>; rel=\"prev\", " +
            "<http://pw.test/api/patches/?page=1&per_page=5&project=widgets>; rel=\"first\", " +
            "<http://pw.test/api/patches/?page=29&per_page=5&project=widgets>; rel=\"last\"",
        ]);

        Assert.Equal(29, links.LastPage);
        Assert.Equal(3, LinkHeader.PageOf(links.Next!));
        Assert.Equal(1, LinkHeader.PageOf(links.Get("prev")!));
    }

    [Fact]
    public void Parse_OldServerWithOnlyNext_HasNoLastPage()
    {
        var links = LinkHeader.Parse(["<http://pw.test/api/patches/?page=2>; rel=\"next\""]);

        Assert.Null(links.LastPage);
        Assert.NotNull(links.Next);
    }

    [Fact]
    public void Parse_NoHeader_IsEmpty()
    {
        var links = LinkHeader.Parse(null);

        Assert.Null(links.Next);
        Assert.Null(links.LastPage);
    }

    [Fact]
    public void Parse_CommaInsideUrl_DoesNotSplitTheEntry()
    {
        var links = LinkHeader.Parse(["<http://pw.test/api/patches/?order=date,id&page=4>; rel=\"last\", <http://pw.test/api/patches/?order=date,id&page=2>; rel=\"next\""]);

        Assert.Equal(4, links.LastPage);
        Assert.Equal(2, LinkHeader.PageOf(links.Next!));
    }

    [Fact]
    public void Parse_LastOnPageOne_GivesOne()
    {
        var links = LinkHeader.Parse(["<http://pw.test/api/patches/?page=1>; rel=\"first\", <http://pw.test/api/patches/?page=1>; rel=\"last\""]);

        Assert.Equal(1, links.LastPage);
        Assert.Null(links.Next);
    }
}
