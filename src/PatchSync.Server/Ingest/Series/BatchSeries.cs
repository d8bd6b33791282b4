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

    public string? StoredName { get; init; }

    public bool HadCover { get; init; }

    public ParsedMail? Cover { get; set; }

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
            StoredName = known.Name,
            HadCover = known.HasCover,
        };
        series.Numbers.UnionWith(known.Numbers);
        return series;
    }

    public SeriesGroup ToGroup() => new()
    {
        Key = Key,
        IsNew = IsNew,
        Name = Name(),
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

    // A cover names the series; otherwise patch 1 does, keeping its prefixes (as Patchwork does).
    private string? Name() =>
        Cover is not null ? SubjectCleaner.WithoutPrefixGroup(Cover.Name)
        : HadCover && StoredName is not null ? StoredName
        : Patches.FirstOrDefault(p => p.Number == 1)?.Mail.Name
          ?? StoredName
          ?? Patches.FirstOrDefault()?.Mail.Name;
}
