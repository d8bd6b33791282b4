using System.Runtime.CompilerServices;

namespace PatchSync.Mail.Imap;

/// <summary>Compares (add set, remove set, keyword array) keys by reference: shared sets and arrays stand for their contents.</summary>
internal sealed class DifferenceKeyComparer : IEqualityComparer<(object Add, object Remove, string[] Tags)>
{
    public static readonly DifferenceKeyComparer Instance = new();

    public bool Equals((object Add, object Remove, string[] Tags) x, (object Add, object Remove, string[] Tags) y) =>
        ReferenceEquals(x.Add, y.Add) && ReferenceEquals(x.Remove, y.Remove) && ReferenceEquals(x.Tags, y.Tags);

    public int GetHashCode((object Add, object Remove, string[] Tags) obj) =>
        HashCode.Combine(RuntimeHelpers.GetHashCode(obj.Add), RuntimeHelpers.GetHashCode(obj.Remove), RuntimeHelpers.GetHashCode(obj.Tags));
}
