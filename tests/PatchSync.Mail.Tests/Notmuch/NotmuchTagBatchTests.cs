using PatchSync.Mail.Notmuch;
using PatchSync.Mail.Tags;
using Xunit;

namespace PatchSync.Mail.Tests.Notmuch;

public sealed class NotmuchTagBatchTests
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>(StringComparer.Ordinal);
    private static readonly IReadOnlySet<string> New = new HashSet<string>(["pw-new"], StringComparer.Ordinal);
    private static readonly IReadOnlySet<string> Accepted = new HashSet<string>(["pw-accepted"], StringComparer.Ordinal);

    [Fact]
    public void Lines_SameOperations_ShareALineInOrderOfFirstAppearance()
    {
        var lines = NotmuchTagBatch.Lines(
            [
                ("a@x", new MergedChange(New, None)),
                ("b@x", new MergedChange(Accepted, New)),
                ("c@x", new MergedChange(New, None)),
                ("d@x", new MergedChange(Accepted, New)),
            ],
            idsPerLine: 1000).ToList();

        Assert.Equal(
            ["+pw-new -- id:\"a@x\" or id:\"c@x\"", "+pw-accepted -pw-new -- id:\"b@x\" or id:\"d@x\""],
            lines);
    }

    [Fact]
    public void Lines_EqualOperationsFromDifferentSetInstances_ShareALine()
    {
        var copy = new HashSet<string>(["pw-new"], StringComparer.Ordinal);

        var lines = NotmuchTagBatch.Lines([("a@x", new MergedChange(New, None)), ("b@x", new MergedChange(copy, new HashSet<string>()))], 1000).ToList();

        Assert.Equal(["+pw-new -- id:\"a@x\" or id:\"b@x\""], lines);
    }

    [Fact]
    public void Lines_MoreIdsThanALineTakes_SplitsAtIdsPerLine()
    {
        var writes = Enumerable.Range(1, 5).Select(i => ($"{i}@x", new MergedChange(New, None)));

        var lines = NotmuchTagBatch.Lines(writes, idsPerLine: 2).ToList();

        Assert.Equal(
            ["+pw-new -- id:\"1@x\" or id:\"2@x\"", "+pw-new -- id:\"3@x\" or id:\"4@x\"", "+pw-new -- id:\"5@x\""],
            lines);
    }

    [Fact]
    public void Lines_LongIds_StayBelowTheCharacterLimitExceptForOneIdAlone()
    {
        var longId = new string('l', 60) + "@x";
        var writes = new[] { ("a@x", new MergedChange(New, None)), (longId, new MergedChange(New, None)), ("b@x", new MergedChange(New, None)) };

        var lines = NotmuchTagBatch.Lines(writes, idsPerLine: 1000, maxLineChars: 40).ToList();

        Assert.Equal(["+pw-new -- id:\"a@x\"", $"+pw-new -- id:\"{longId}\"", "+pw-new -- id:\"b@x\""], lines);
    }

    [Fact]
    public void Lines_QuotesInIdsAndSpecialTags_AreEscaped()
    {
        var odd = new HashSet<string>(["pw-odd tag"], StringComparer.Ordinal);

        var lines = NotmuchTagBatch.Lines([("we\"ird@x", new MergedChange(odd, New)), ("plain@x", new MergedChange(odd, New))], 1000).ToList();

        Assert.Equal(["+pw-odd%20tag -pw-new -- id:\"we\"\"ird@x\" or id:\"plain@x\""], lines);
    }
}
