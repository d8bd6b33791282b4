namespace PatchSync.Server.Data.Rows;

internal sealed class PersonRow
{
    public long Id { get; init; }

    public string Name { get; init; } = "";

    public string Email { get; init; } = "";

    public long? UserId { get; init; }

    public const string Columns = "id, name, email, user_id";
}
