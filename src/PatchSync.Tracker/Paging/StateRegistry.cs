using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace PatchSync.Tracker.Paging;

/// <summary>
/// Patchwork has no states endpoint, and instances add their own states. The client collects the slugs it
/// sees in patches and events, and the full list that an "Invalid state … Expected one of: …" answer gives.
/// </summary>
internal sealed partial class StateRegistry
{
    private readonly ConcurrentDictionary<string, byte> _states = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> States => _states.Keys.Order(StringComparer.Ordinal).ToList();

    public void See(string? slug)
    {
        if (!string.IsNullOrEmpty(slug))
        {
            _states.TryAdd(slug, 0);
        }
    }

    /// <summary>Learns the states listed in the server's 400 message for an unknown state.</summary>
    public void LearnFromError(IEnumerable<string> messages)
    {
        foreach (var message in messages)
        {
            var match = ExpectedList().Match(message);
            if (match.Success)
            {
                foreach (var slug in match.Groups[1].Value.TrimEnd('.').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    See(slug);
                }
            }
        }
    }

    [GeneratedRegex(@"Expected one of:\s*(.*)$")]
    private static partial Regex ExpectedList();
}
