using System.Security.Cryptography;
using System.Text;
using Dapper;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Data.Stores;

/// <summary>Users, their API tokens (stored as SHA-256 hashes) and maintainer rights.</summary>
internal sealed class UserStore(Database database)
{
    private readonly TokenCache _tokens = new(TimeProvider.System);

    public async Task<long> AddAsync(string username, string? email, string? maintainerOf, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT id FROM users WHERE lower(username) = lower(@username)", new { username }, transaction, cancellationToken: cancellationToken)) is not null)
        {
            throw new DataException($"user '{username}' already exists");
        }

        long? projectId = null;
        if (maintainerOf is not null)
        {
            projectId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT id FROM projects WHERE lower(linkname) = lower(@maintainerOf)", new { maintainerOf }, transaction, cancellationToken: cancellationToken))
                ?? throw new DataException($"no project '{maintainerOf}'");
        }

        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO users (username, email) VALUES (@username, @email) RETURNING id",
            new { username, email = email ?? "" },
            transaction,
            cancellationToken: cancellationToken));
        if (projectId is { } pid)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO maintainers (project_id, user_id) VALUES (@pid, @id)", new { pid, id }, transaction, cancellationToken: cancellationToken));
        }

        if (!string.IsNullOrEmpty(email))
        {
            // Link the person who sends mail from this address, so a submitter may edit their own patches.
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE people SET user_id = @id WHERE email_lower = @lower AND user_id IS NULL",
                new { id, lower = email.ToLowerInvariant() },
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>Makes a new random token for the user, stores its hash, and returns the token (shown once).</summary>
    public async Task<string> NewTokenAsync(string username, CancellationToken cancellationToken)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET token_hash = @hash WHERE lower(username) = lower(@username)",
            new { hash = HashToken(token), username },
            cancellationToken: cancellationToken));
        _tokens.Clear();
        return changed == 1 ? token : throw new DataException($"no user '{username}'");
    }

    /// <summary>
    /// The user holding <paramref name="token"/>, or null. On PostgreSQL, where the lookup is a round
    /// trip on every authenticated request, a found user is remembered for a few seconds
    /// (<see cref="TokenCache"/>); a token replaced from another process is refused at most that
    /// much later. An unknown token is never remembered.
    /// </summary>
    public async Task<UserRow?> FindByTokenAsync(string token, CancellationToken cancellationToken)
    {
        var hash = HashToken(token);
        var cache = !database.Dialect.IsSqlite;
        if (cache && _tokens.TryGet(hash, out var known))
        {
            return known;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        UserRow? user = null;
        using (var statement = Statement.For(connection, null, ByTokenSql).With("hash", hash))
        {
            await using var reader = await statement.Command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                user = reader.GetRowParser<UserRow>()(reader);
            }
        }

        if (cache && user is not null)
        {
            _tokens.Set(hash, user);
        }

        return user;
    }

    private const string ByTokenSql = $"SELECT {UserRow.Columns} FROM users WHERE token_hash = @hash";

    /// <summary>Stores a salted hash of <paramref name="password"/> for HTTP Basic auth.</summary>
    public async Task SetPasswordAsync(string username, string password, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET password_hash = @hash WHERE lower(username) = lower(@username)",
            new { hash = PasswordHashes.Hash(password), username },
            cancellationToken: cancellationToken));
        if (changed != 1)
        {
            throw new DataException($"no user '{username}'");
        }
    }

    /// <summary>The user with this username (exact, as Django's login) and password, or null.</summary>
    public async Task<UserRow?> FindByPasswordAsync(string username, string password, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var hash = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT password_hash FROM users WHERE username = @username", new { username }, cancellationToken: cancellationToken));
        if (!PasswordHashes.Verify(password, hash))
        {
            return null;
        }

        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {UserRow.Columns} FROM users WHERE username = @username", new { username }, cancellationToken: cancellationToken));
    }

    public async Task<UserRow?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {UserRow.Columns} FROM users WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>Resolves a delegate filter value: a user id, else a username (case-insensitive).</summary>
    public async Task<long?> ResolveAsync(string idOrUsername, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return long.TryParse(idOrUsername, out var id)
            ? await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM users WHERE id = @id", new { id }, cancellationToken: cancellationToken))
            : await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT id FROM users WHERE lower(username) = lower(@idOrUsername)", new { idOrUsername }, cancellationToken: cancellationToken));
    }

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
