using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PatchSync.Server.Data.Stores;

/// <summary>
/// Salted PBKDF2-SHA256 password hashes, stored as <c>pbkdf2_sha256$ITERATIONS$SALT$HASH</c> (base64),
/// the layout Django uses, so the iteration count can be raised later without breaking old hashes.
/// </summary>
internal static class PasswordHashes
{
    private const string Algorithm = "pbkdf2_sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // Basic auth checks the password on every request, and this server shares small machines:
    // 100k rounds cost a few tens of milliseconds, still far beyond what a stolen hash can be brute-forced at.
    private const int Iterations = 100_000;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Algorithm, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>True when <paramref name="password"/> matches <paramref name="stored"/>; false for a malformed or missing hash.</summary>
    public static bool Verify(string password, string? stored)
    {
        var parts = stored?.Split('$');
        if (parts is not [Algorithm, var iterationText, var saltText, var hashText]
            || !int.TryParse(iterationText, NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations <= 0)
        {
            return false;
        }

        try
        {
            var expected = Convert.FromBase64String(hashText);
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Convert.FromBase64String(saltText), iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
