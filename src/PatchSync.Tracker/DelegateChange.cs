namespace PatchSync.Tracker;

/// <summary>A new delegate for <see cref="PatchUpdate.Delegate"/>: a user id, or none (JSON <c>null</c>).</summary>
public sealed record DelegateChange
{
    private DelegateChange(long? userId) => UserId = userId;

    /// <summary>The user id to delegate to; null clears the delegate.</summary>
    public long? UserId { get; }

    /// <summary>Clears the delegate.</summary>
    public static DelegateChange None { get; } = new((long?)null);

    /// <summary>Delegates to the user with this id (a maintainer of the patch's project).</summary>
    public static DelegateChange To(long userId) => new(userId);
}
