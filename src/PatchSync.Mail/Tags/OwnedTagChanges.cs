using PatchSync.Core.Ports;
using PatchSync.Core.Tags;

namespace PatchSync.Mail.Tags;

/// <summary>The write side of the <see cref="OwnedTags"/> rule: a store refuses a change that touches a foreign tag.</summary>
internal static class OwnedTagChanges
{
    /// <summary>Checks that every tag a change adds or removes is owned; throws naming the first that is not.</summary>
    /// <exception cref="ArgumentException">A change adds or removes a tag without the prefix.</exception>
    public static void EnsureOwned(this OwnedTags owned, IEnumerable<TagChange> changes)
    {
        ArgumentNullException.ThrowIfNull(owned);
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var change in changes)
        {
            foreach (var tag in change.Add.Concat(change.Remove))
            {
                if (!owned.IsOwned(tag))
                {
                    throw new ArgumentException(
                        $"tag '{tag}' for <{change.MessageId}> does not start with the prefix '{owned.Prefix}': pwsync only writes its own tags",
                        nameof(changes));
                }
            }
        }
    }
}
