using System.Diagnostics;

namespace PatchSync.Server.Data.Paging;

/// <summary>Time a request spent in the database, counting and serializing, for the Server-Timing header.</summary>
internal sealed class QueryTimings
{
    public TimeSpan Db { get; private set; }

    public TimeSpan Count { get; private set; }

    public TimeSpan Serialize { get; private set; }

    public void AddDb(long startTimestamp) => Db += Stopwatch.GetElapsedTime(startTimestamp);

    public void AddCount(long startTimestamp) => Count += Stopwatch.GetElapsedTime(startTimestamp);

    public void AddSerialize(long startTimestamp) => Serialize += Stopwatch.GetElapsedTime(startTimestamp);
}
