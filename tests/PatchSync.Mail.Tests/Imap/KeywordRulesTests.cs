using MailKit;
using MailKit.Net.Imap;
using PatchSync.Core.Ports;
using PatchSync.Mail.Imap;
using Xunit;

namespace PatchSync.Mail.Tests.Imap;

/// <summary>
/// Keyword validation, the PERMANENTFLAGS check and the Gmail decision. Dovecot always offers <c>\*</c>
/// and no Gmail extension, so these decisions are tested here through the seams the store calls.
/// </summary>
public sealed class KeywordRulesTests
{
    [Theory]
    [InlineData("pw-new")]
    [InlineData("pw/under-review")]
    [InlineData("pw-12345678901234567890123456789012345678901234567")] // 50 bytes
    public void Problem_ValidKeyword_IsNull(string keyword) => Assert.Null(KeywordRules.Problem(keyword));

    [Theory]
    [InlineData("pw new", "not an IMAP atom")]
    [InlineData("pw-(x)", "not an IMAP atom")]
    [InlineData("pw-x*", "not an IMAP atom")]
    [InlineData("pw-ü", "not an IMAP atom")]
    [InlineData("\\Seen", "reserved")]
    [InlineData("", "empty")]
    [InlineData("pw-123456789012345678901234567890123456789012345678", "more than 50")] // 51 bytes
    public void Problem_InvalidKeyword_SaysWhy(string keyword, string reason) =>
        Assert.Contains(reason, KeywordRules.Problem(keyword), StringComparison.Ordinal);

    [Fact]
    public void EnsureFolderAcceptsKeywords_NoBackslashStar_ThrowsNamingFolderAndServer()
    {
        var error = Assert.Throws<MailStoreException>(() => KeywordRules.EnsureFolderAcceptsKeywords(
            MessageFlags.Seen | MessageFlags.Flagged, ["pw-new"], ["pw-new", "pw-accepted"], "lists/dev", "imap://u@h:993"));

        Assert.Equal("imap://u@h:993: folder 'lists/dev' does not accept custom keywords (PERMANENTFLAGS lacks \\*), cannot set pw-accepted", error.Message);
    }

    [Fact]
    public void EnsureFolderAcceptsKeywords_BackslashStarOrKnownKeywords_Passes()
    {
        KeywordRules.EnsureFolderAcceptsKeywords(MessageFlags.UserDefined, [], ["pw-new"], "INBOX", "s");
        KeywordRules.EnsureFolderAcceptsKeywords(MessageFlags.Seen, ["pw-new"], ["pw-new"], "INBOX", "s");
    }

    [Theory]
    [InlineData(26, false)]
    [InlineData(27, true)]
    public void TooManyKeywordsWarning_MoreThan26_Warns(int count, bool warns) =>
        Assert.Equal(warns, KeywordRules.TooManyKeywordsWarning(count, "INBOX", "s") is not null);

    [Theory]
    [InlineData(ImapCapabilities.IMAP4rev1 | ImapCapabilities.GMailExt1, null, ImapKeywordMode.GmailLabels)]
    [InlineData(ImapCapabilities.IMAP4rev1 | ImapCapabilities.GMailExt1, true, ImapKeywordMode.GmailLabels)]
    [InlineData(ImapCapabilities.IMAP4rev1 | ImapCapabilities.GMailExt1, false, ImapKeywordMode.Keywords)]
    [InlineData(ImapCapabilities.IMAP4rev1 | ImapCapabilities.CondStore, null, ImapKeywordMode.Keywords)]
    [InlineData(ImapCapabilities.IMAP4rev1, true, ImapKeywordMode.Keywords)]
    public void ChooseMode_Capabilities_PicksLabelsOnlyWithGmailExtension(ImapCapabilities capabilities, bool? useLabels, ImapKeywordMode expected) =>
        Assert.Equal(expected, KeywordRules.ChooseMode(capabilities, useLabels));
}
