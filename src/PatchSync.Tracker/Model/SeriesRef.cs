namespace PatchSync.Tracker;

/// <summary>A series as embedded in a patch (<c>series</c> is an array of 0 or 1 of these).</summary>
public sealed record SeriesRef
{
    /// <summary>The series id, the key of <c>/series/{id}/</c>.</summary>
    public long Id { get; init; }

    /// <summary>The series' API URL (<c>url</c>).</summary>
    public string? Url { get; init; }

    /// <summary>The series' page in the web UI (<c>web_url</c>, API 1.1+).</summary>
    public string? WebUrl { get; init; }

    /// <summary>The first mail's Date header, UTC (<c>date</c>).</summary>
    public DateTime Date { get; init; }

    /// <summary>The cover letter's or first patch's subject (<c>name</c>).</summary>
    public string? Name { get; init; }

    /// <summary>The revision from the subject prefix, 1 without one (<c>version</c>).</summary>
    public int Version { get; init; }

    /// <summary>The URL of the whole series as an mbox (<c>mbox</c>).</summary>
    public string? Mbox { get; init; }
}
