using System.Text.Json;

namespace PatchSync.Server.Tests.Support;

/// <summary>
/// Compares two JSON documents by shape: the same keys in the same order, the same JSON kinds (a
/// null on either side matches anything, since nullability depends on the data), arrays by their
/// first items. Maps keyed by data (headers, tags) are compared as objects only.
/// </summary>
public static class JsonShape
{
    private static readonly HashSet<string> FreeMaps = ["headers", "tags", "settings"];

    public static IReadOnlyList<string> Differences(JsonElement expected, JsonElement actual, string path = "$")
    {
        var errors = new List<string>();
        Compare(expected, actual, path, errors);
        return errors;
    }

    private static void Compare(JsonElement expected, JsonElement actual, string path, List<string> errors)
    {
        if (expected.ValueKind == JsonValueKind.Null || actual.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (Kind(expected) != Kind(actual))
        {
            errors.Add($"{path}: expected {expected.ValueKind}, got {actual.ValueKind}");
            return;
        }

        if (expected.ValueKind == JsonValueKind.Object)
        {
            if (FreeMaps.Contains(path.Split('.')[^1]))
            {
                return;
            }

            var expectedKeys = expected.EnumerateObject().Select(p => p.Name).ToList();
            var actualKeys = actual.EnumerateObject().Select(p => p.Name).ToList();
            if (!expectedKeys.SequenceEqual(actualKeys))
            {
                errors.Add($"{path}: keys differ: expected [{string.Join(",", expectedKeys)}], got [{string.Join(",", actualKeys)}]");
                return;
            }

            foreach (var key in expectedKeys)
            {
                Compare(expected.GetProperty(key), actual.GetProperty(key), $"{path}.{key}", errors);
            }
        }
        else if (expected.ValueKind == JsonValueKind.Array && expected.GetArrayLength() > 0 && actual.GetArrayLength() > 0)
        {
            Compare(expected[0], actual[0], path + "[0]", errors);
        }
    }

    private static JsonValueKind Kind(JsonElement e) => e.ValueKind == JsonValueKind.False ? JsonValueKind.True : e.ValueKind;
}
