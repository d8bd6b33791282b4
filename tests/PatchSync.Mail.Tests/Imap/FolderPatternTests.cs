using PatchSync.Mail.Imap;
using Xunit;

namespace PatchSync.Mail.Tests.Imap;

public sealed class FolderPatternTests
{
    [Theory]
    [InlineData("INBOX", "INBOX", true)]
    [InlineData("inbox", "INBOX", true)]
    [InlineData("Archive", "archive", false)]
    [InlineData("lists/*", "lists/linux", true)]
    [InlineData("lists/*", "lists/linux/stable", true)]
    [InlineData("lists/%", "lists/linux/stable", false)]
    [InlineData("lists/%", "lists/linux", true)]
    [InlineData("lists/*", "lists", false)]
    [InlineData("a.b*", "axb", false)]
    public void IsMatch_PatternAndName_MatchesLikeImapList(string pattern, string name, bool expected) =>
        Assert.Equal(expected, new FolderPattern(pattern).IsMatch(name));
}
