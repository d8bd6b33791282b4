using Microsoft.Extensions.Logging;

namespace PatchSync.Tracker.Tests.Fakes;

/// <summary>Client options with short delays so retry tests stay fast.</summary>
public static class TestClients
{
    public static PatchworkClientOptions Options(Uri baseUrl, Action<PatchworkClientOptions>? change = null)
    {
        var options = new PatchworkClientOptions
        {
            BaseUrl = baseUrl,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromSeconds(3),
            RequestTimeout = TimeSpan.FromSeconds(20),
            MaxRetries = 3,
        };
        change?.Invoke(options);
        return options;
    }

    public static PatchworkClient Create(Uri baseUrl, Action<PatchworkClientOptions>? change = null, ILoggerFactory? logs = null) =>
        PatchworkClientFactory.Create(Options(baseUrl, change), logs);

    public static async Task<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
