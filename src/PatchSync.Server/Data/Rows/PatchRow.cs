namespace PatchSync.Server.Data.Rows;

/// <summary>A patch as lists show it: the narrow row joined with its submitter, delegate and series.</summary>
internal sealed class PatchRow
{
    public long Id { get; init; }

    public long ProjectId { get; init; }

    public string Msgid { get; init; } = "";

    public long Date { get; init; }

    public string Name { get; init; } = "";

    public string? CommitRef { get; init; }

    public string? PullUrl { get; init; }

    public long StateId { get; init; }

    public long Archived { get; init; }

    public string? Hash { get; init; }

    public long SubmitterId { get; init; }

    public string SubmitterName { get; init; } = "";

    public string SubmitterEmail { get; init; } = "";

    public long? DelegateId { get; init; }

    public string? DelegateUsername { get; init; }

    public string? DelegateFirstName { get; init; }

    public string? DelegateLastName { get; init; }

    public string? DelegateEmail { get; init; }

    public long? SeriesId { get; init; }

    public string? SeriesName { get; init; }

    public long? SeriesDate { get; init; }

    public long? SeriesVersion { get; init; }

    public string Prefixes { get; init; } = "[]";

    public UserRow? Delegate => DelegateId is { } id
        ? new UserRow { Id = id, Username = DelegateUsername ?? "", FirstName = DelegateFirstName ?? "", LastName = DelegateLastName ?? "", Email = DelegateEmail ?? "" }
        : null;

    public PersonRow Submitter => new() { Id = SubmitterId, Name = SubmitterName, Email = SubmitterEmail };

    public SeriesRef? Series => SeriesId is { } id
        ? new SeriesRef { Id = id, Name = SeriesName ?? "", Date = SeriesDate ?? 0, Version = SeriesVersion ?? 1 }
        : null;

    /// <summary>SELECT list and joins shared by every patch query (alias p).</summary>
    public const string Select = """
        SELECT p.id, p.project_id, p.msgid, p.date, p.name, p.commit_ref, p.pull_url, p.state_id, p.archived, p.hash,
               p.submitter_id, s.name AS submitter_name, s.email AS submitter_email,
               p.delegate_id, d.username AS delegate_username, d.first_name AS delegate_first_name,
               d.last_name AS delegate_last_name, d.email AS delegate_email,
               p.series_id, se.name AS series_name, se.date AS series_date, se.version AS series_version, p.prefixes
        FROM patches p
        JOIN people s ON s.id = p.submitter_id
        LEFT JOIN users d ON d.id = p.delegate_id
        LEFT JOIN series se ON se.id = p.series_id
        """;
}
