using PatchSync.Server.Ingest;

namespace PatchSync.Server.Tests.Ingest;

public class SubjectCleanerTests
{
    [Theory]
    [InlineData("[PATCH] ini: fix", "ini: fix", "")]
    [InlineData("[PATCH v2 1/3] ini: fix", "[v2,1/3] ini: fix", "v2|1/3")]
    [InlineData("[RFC PATCH net-next 2/2] x", "[RFC,net-next,2/2] x", "RFC|net-next|2/2")]
    [InlineData("[minicfg] [PATCH 1/2] x", "[1/2] x", "1/2")]
    [InlineData("Re: [PATCH 1/2] x", "[1/2] x", "1/2")]
    [InlineData("Fwd: [PATCH] x", "x", "")]
    [InlineData("RE: Re: [PATCH] x", "Re: [PATCH] x", "")]
    [InlineData("[PATCH 2 of 5] hg: x", "[2 of 5] hg: x", "2 of 5")]
    [InlineData("  [PATCH]   spaced    out  ", "spaced out", "")]
    [InlineData("[PATCH,v3] comma", "[v3] comma", "v3")]
    public void Clean_Subject_NameAndPrefixesLikePatchwork(string subject, string name, string prefixes)
    {
        var cleaned = SubjectCleaner.Clean(subject, ["minicfg"]);

        Assert.Equal(name, cleaned.Name);
        Assert.Equal(prefixes.Length == 0 ? [] : prefixes.Split('|'), cleaned.Prefixes);
    }

    [Theory]
    [InlineData("v2|1/3", 1, 3)]
    [InlineData("PATCH1/8", 1, 8)]
    [InlineData("3 of 4", 3, 4)]
    [InlineData("01/10", 1, 10)]
    public void SeriesMarker_Prefix_NumberAndTotal(string prefixes, int number, int total) =>
        Assert.Equal((number, total), SubjectCleaner.SeriesMarker(prefixes.Split('|')));

    [Fact]
    public void SeriesMarker_NoMarker_Null() => Assert.Null(SubjectCleaner.SeriesMarker(["RFC", "v2"]));

    [Theory]
    [InlineData("[v3,1/2] x", "v3|1/2", 3)]
    [InlineData("[V2,1/4] x", "V2|1/4", 2)]
    [InlineData("x (v4)", "", 4)]
    [InlineData("x", "", 1)]
    public void Version_PrefixOrName_Version(string name, string prefixes, int version) =>
        Assert.Equal(version, SubjectCleaner.Version(name, prefixes.Length == 0 ? [] : prefixes.Split('|')));

    [Theory]
    [InlineData("Re: x", true)]
    [InlineData("RE:x", true)]
    [InlineData("Fwd: x", false)]
    [InlineData("Reply hazy", false)]
    public void IsReply_Subject_OnlyRe(string subject, bool reply) => Assert.Equal(reply, SubjectCleaner.IsReply(subject));
}
