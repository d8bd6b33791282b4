namespace PatchSync.Server.Data.Rows;

internal sealed class CheckRow
{
    public long Id { get; init; }

    public long PatchId { get; init; }

    public long UserId { get; init; }

    public string Username { get; init; } = "";

    public string FirstName { get; init; } = "";

    public string LastName { get; init; } = "";

    public string Email { get; init; } = "";

    public long Date { get; init; }

    public string State { get; init; } = "pending";

    public string? TargetUrl { get; init; }

    public string Context { get; init; } = "";

    public string? Description { get; init; }

    public UserRow User => new() { Id = UserId, Username = Username, FirstName = FirstName, LastName = LastName, Email = Email };

    public const string Select = """
        SELECT k.id, k.patch_id, k.user_id, u.username, u.first_name, u.last_name, u.email, k.date, k.state,
               k.target_url, k.context, k.description
        FROM checks k
        JOIN users u ON u.id = k.user_id
        """;
}
