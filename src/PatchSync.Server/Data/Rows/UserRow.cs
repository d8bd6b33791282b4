namespace PatchSync.Server.Data.Rows;

internal sealed class UserRow
{
    public long Id { get; init; }

    public string Username { get; init; } = "";

    public string FirstName { get; init; } = "";

    public string LastName { get; init; } = "";

    public string Email { get; init; } = "";

    public const string Columns = "id, username, first_name, last_name, email";
}
