namespace PatchSync.Server.Ingest;

/// <summary>A series while <see cref="SeriesGrouping"/> works through a batch: a stored one being extended, or a new one.</summary>
internal sealed class BatchSeries
{
    public required string Key { get; init; }

    public required bool IsNew { get; init; }

    public required int Version { get; init; }

    public required int Total { get; init; }

    public required DateTime Date { get; init; }

    public required string SubmitterEmail { get; init; }

    public string? SubmitterName { get; init; }

    // Set once, by the cover letter or patch 1, whichever arrives first (Patchwork never renames).
    public string? Name { get; private set; }

    public bool HadCover { get; init; }

    public ParsedMail? Cover { get; private set; }

    public List<SeriesMember> Patches { get; } = [];

    public List<string> NewReferences { get; } = [];

    public HashSet<int> Numbers { get; } = [];

    public static BatchSeries FromKnown(KnownSeries known)
    {
        var series = new BatchSeries
        {
            Key = known.Key,
            IsNew = false,
            Version = known.Version,
            Total = known.Total,
            Date = known.Date,
            SubmitterEmail = known.SubmitterEmail,
            Name = string.IsNullOrEmpty(known.Name) ? null : known.Name,
            HadCover = known.HasCover,
        };
        series.Numbers.UnionWith(known.Numbers);
        return series;
    }

    public SeriesGroup ToGroup() => new()
    {
        Key = Key,
        IsNew = IsNew,
        Name = Name,
        Version = Version,
        Total = Total,
        Date = Date,
        SubmitterEmail = SubmitterEmail,
        SubmitterName = SubmitterName,
        Cover = Cover,
        HasCover = HadCover || Cover is not null,
        Patches = Patches,
        NewReferences = NewReferences,
        Numbers = Numbers,
    };

    /// <summary>Adds the cover letter; it names the series (without its [..] prefixes) unless patch 1 already did.</summary>
    public void AddCover(ParsedMail cover)
    {
        Cover = cover;
        Name ??= SubjectCleaner.WithoutPrefixGroup(cover.Name);
    }

    /// <summary>Adds a patch; patch 1 names the series (prefixes kept) unless the cover already did.</summary>
    public void AddPatch(ParsedMail patch, int number)
    {
        Patches.Add(new SeriesMember(patch, number));
        Numbers.Add(number);
        if (number == 1)
        {
            Name ??= patch.Name;
        }
    }
}
