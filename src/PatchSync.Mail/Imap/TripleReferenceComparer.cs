using System.Runtime.CompilerServices;
using PatchSync.Core.Tags;

namespace PatchSync.Mail.Imap;

/// <summary>Compares triples of shared <see cref="TagSetInterner"/> arrays by reference (equal sets are one array).</summary>
internal sealed class TripleReferenceComparer : IEqualityComparer<(string[] Tags, string[] Add, string[] Remove)>
{
    public static readonly TripleReferenceComparer Instance = new();

    public bool Equals((string[] Tags, string[] Add, string[] Remove) x, (string[] Tags, string[] Add, string[] Remove) y) =>
        ReferenceEquals(x.Tags, y.Tags) && ReferenceEquals(x.Add, y.Add) && ReferenceEquals(x.Remove, y.Remove);

    public int GetHashCode((string[] Tags, string[] Add, string[] Remove) obj) =>
        HashCode.Combine(RuntimeHelpers.GetHashCode(obj.Tags), RuntimeHelpers.GetHashCode(obj.Add), RuntimeHelpers.GetHashCode(obj.Remove));
}
