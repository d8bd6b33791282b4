using PatchSync.Cli.Configuration;
using PatchSync.Core.Secrets;

namespace PatchSync.Cli.Running;

/// <summary>Reads a tracker's API token, as a <see cref="ConfigException"/> when it cannot (the config names a source that does not give it).</summary>
internal static class TrackerToken
{
    /// <summary>The token of <paramref name="tracker"/>, trimmed (a token has no spaces; a stray one from a file or command must not break the header).</summary>
    /// <exception cref="ConfigException">The token's source cannot be read (one line, never the value).</exception>
    public static async Task<string> ReadAsync(TrackerConfig tracker, CancellationToken cancellationToken)
    {
        try
        {
            var token = await tracker.Token!.ReadAsync($"trackers.{tracker.Name}.token", cancellationToken);
            return token.Trim();
        }
        catch (SecretException e)
        {
            throw new ConfigException(e.Message, e);
        }
    }
}
