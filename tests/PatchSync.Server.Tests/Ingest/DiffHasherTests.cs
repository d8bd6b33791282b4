using PatchSync.Server.Ingest;

namespace PatchSync.Server.Tests.Ingest;

public class DiffHasherTests
{
    private const string Diff = "--- a/src/ini.c\n+++ b/src/ini.c\n@@ -10,3 +10,3 @@ ctx\n int a;\n-int b;\n+long b;\n int c;\n";

    [Fact]
    public void Hash_SameChangeOtherPlaceAndPrefix_SameHash()
    {
        var moved = "diff --git x/src/ini.c y/src/ini.c\nindex 1..2\n--- x/src/ini.c\n+++ y/src/ini.c\n@@ -250,3 +251,3 @@ other\n int a;\n-int b;\n+long b;\n int c;\n";

        Assert.Equal(DiffHasher.Hash(Diff), DiffHasher.Hash(moved));
        Assert.Equal(DiffHasher.Hash(Diff), DiffHasher.Hash(Diff.Replace("\n", "\r\n", StringComparison.Ordinal) + "\n\n"));
    }

    [Fact]
    public void Hash_DifferentChangeOrCount_DifferentHash()
    {
        Assert.NotEqual(DiffHasher.Hash(Diff), DiffHasher.Hash(Diff.Replace("+long b;", "+short b;", StringComparison.Ordinal)));
        Assert.NotEqual(DiffHasher.Hash(Diff), DiffHasher.Hash(Diff.Replace("@@ -10,3 +10,3 @@", "@@ -10,4 +10,3 @@", StringComparison.Ordinal)));
    }

    [Fact]
    public void Hash_KnownValue_MatchesPatchworkAlgorithm()
    {
        // hashlib.sha1 of hasher.py's normal form:
        // "--- a/src/ini.c\n+++ b/src/ini.c\n@@ -3 +3 @@\n int a;\n-int b;\n+long b;\n int c;\n"
        Assert.Equal("7a74b44dff397653ecfc40774d61bd38c4022fe6", DiffHasher.Hash(Diff));
        Assert.Equal("da39a3ee5e6b4b0d3255bfef95601890afd80709", DiffHasher.Hash("diff --git a/x b/x\nnew file mode 100644\n"));
    }
}
