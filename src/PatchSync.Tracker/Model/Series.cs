namespace PatchSync.Tracker;

/// <summary>A series in detail form (<c>/series/{id}/</c>).</summary>
public sealed record Series
{
    /// <summary>The series id, the key of <c>/series/{id}/</c>.</summary>
    public long Id { get; init; }

    /// <summary>The series' API URL (<c>url</c>).</summary>
    public string? Url { get; init; }

    /// <summary>The series' page in the web UI (<c>web_url</c>, API 1.1+).</summary>
    public string? WebUrl { get; init; }

    /// <summary>The project the series was sent to (<c>project</c>).</summary>
    public Project? Project { get; init; }

    /// <summary>The cover letter's or first patch's subject (<c>name</c>).</summary>
    public string? Name { get; init; }

    /// <summary>The first mail's Date header, UTC (<c>date</c>).</summary>
    public DateTime Date { get; init; }

    /// <summary>Who sent the series (<c>submitter</c>).</summary>
    public Person? Submitter { get; init; }

    /// <summary>The revision from the subject prefix, 1 without one (<c>version</c>).</summary>
    public int Version { get; init; }

    /// <summary>How many patches the subject prefixes announce (<c>total</c>).</summary>
    public int Total { get; init; }

    /// <summary>How many of them arrived so far (<c>received_total</c>).</summary>
    public int ReceivedTotal { get; init; }

    /// <summary>Whether every announced patch arrived (<c>received_all</c>).</summary>
    public bool ReceivedAll { get; init; }

    /// <summary>The URL of the whole series as an mbox (<c>mbox</c>).</summary>
    public string? Mbox { get; init; }

    /// <summary>The cover letter (<c>cover_letter</c>), if the series has one.</summary>
    public PatchRef? CoverLetter { get; init; }

    /// <summary>The series' patches in order (<c>patches</c>).</summary>
    public IReadOnlyList<PatchRef> Patches { get; init; } = [];
}
