using PatchSync.Mail.Notmuch;
using Xunit;

namespace PatchSync.Mail.Tests.Notmuch;

public sealed class NotmuchBatchFormatTests
{
    [Theory]
    [InlineData("plain@x", "id:\"plain@x\"")]
    [InlineData("we\"ird@x", "id:\"we\"\"ird@x\"")]
    public void QuoteId_AnyId_QuotesAndDoublesQuotes(string id, string expected) =>
        Assert.Equal(expected, NotmuchBatchFormat.QuoteId(id));

    [Theory]
    [InlineData("pw-new", "pw-new")]
    [InlineData("with space", "with%20space")]
    [InlineData("100%", "100%25")]
    [InlineData("ü", "%c3%bc")]
    public void EncodeTag_SpecialCharacters_PercentEncodesUtf8AndRoundTrips(string tag, string encoded)
    {
        Assert.Equal(encoded, NotmuchBatchFormat.EncodeTag(tag));
        Assert.Equal(tag, NotmuchBatchFormat.DecodeTag(encoded));
    }

    [Fact]
    public void TryParseLine_DumpLines_GivesIdAndDecodedTags()
    {
        Assert.True(NotmuchBatchFormat.TryParseLine("+pw-a +with%20space -- id:\"m1\"\"x@ex\"", out var id, out var tags));
        Assert.Equal("m1\"x@ex", id);
        Assert.Equal(["pw-a", "with space"], tags);

        Assert.True(NotmuchBatchFormat.TryParseLine(" -- id:plain@ex", out id, out tags));
        Assert.Equal("plain@ex", id);
        Assert.Empty(tags);

        Assert.True(NotmuchBatchFormat.TryParseLine("+a-- -- id:x@y", out id, out tags));
        Assert.Equal(["a--"], tags);

        Assert.False(NotmuchBatchFormat.TryParseLine("#notmuch-dump batch-tag:3 tags", out _, out _));
        Assert.False(NotmuchBatchFormat.TryParseLine(string.Empty, out _, out _));
    }

    [Fact]
    public void FormatOperations_AddAndRemove_AddsFirstAndEncodesTags() =>
        Assert.Equal("+pw-accepted -pw-new%20x", NotmuchBatchFormat.FormatOperations(["pw-accepted"], ["pw-new x"]));
}
