using System.Net.Http.Headers;
using System.Text;

namespace PatchSync.Bench.Sync.Setup;

/// <summary>
/// Changes patch states the way a maintainer's browser or another API client does: <c>PATCH /api/patches/ID/</c>
/// on the running server, so the server writes its <c>patch-state-changed</c> events and counts as for any change.
/// </summary>
public static class TrackerEditor
{
    public static async Task ApplyAsync(Uri baseUrl, string token, IReadOnlyList<StateChange> changes, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        await Parallel.ForEachAsync(changes, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (change, ct) =>
        {
            using var body = new StringContent($"{{\"state\": \"{change.To}\"}}", Encoding.UTF8, "application/json");
            using var response = await client.PatchAsync(new Uri($"api/patches/{change.PatchId}/", UriKind.Relative), body, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"PATCH patch {change.PatchId} to {change.To}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            }
        });
    }
}
