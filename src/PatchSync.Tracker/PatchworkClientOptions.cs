namespace PatchSync.Tracker;

/// <summary>
/// Settings of one tracker client. <see cref="ToString"/> never shows the token.
/// </summary>
public sealed class PatchworkClientOptions
{
    /// <summary>The site root, e.g. <c>https://patchwork.kernel.org/</c> (the API is at <c>api/</c> below it).</summary>
    public Uri BaseUrl { get; set; } = new("http://127.0.0.1/");

    /// <summary>API token, sent as <c>Authorization: Token …</c>. Needed to change patches.</summary>
    public string? Token { get; set; }

    /// <summary>Page requests kept in flight while listing (default 4).</summary>
    public int MaxInFlight { get; set; } = 4;

    /// <summary>Time limit of one HTTP attempt (default 30 s).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt (default 5).</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>First retry delay; later ones grow exponentially with jitter (default 1 s). Tests shorten it.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of one retry delay, also of a server's <c>Retry-After</c> (default 60 s).</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The circuit opens when this share of attempts fails within the sampling window (default 0.5).</summary>
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Minimum attempts in the window before the circuit may open (default 20).</summary>
    public int CircuitMinimumThroughput { get; set; } = 20;

    /// <summary>How long an open circuit rejects requests (default 30 s).</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Pin the API version ("1.0".."1.3"); null discovers the newest the server offers.</summary>
    public string? ApiVersion { get; set; }

    /// <summary>Page size asked for; the server caps it (Patchwork: 250) and the client learns the cap.</summary>
    public int PageSize { get; set; } = 250;

    /// <summary>Pages per date slice when a long listing is split (default 16).</summary>
    public int PagesPerSlice { get; set; } = 16;

    /// <summary>Listings of at most this many pages are walked by plain page numbers (default 8).</summary>
    public int MinPagesForSlicing { get; set; } = 8;

    /// <summary>
    /// <see cref="PagingMode.Auto"/> leaves plain pages for date slices when deep pages take this many times
    /// longer per item than the first ones (default 2.5). A date-filtered request costs Patchwork a range COUNT
    /// and a range scan (~920 ms for 250 items on a 100k project against ~370 ms for an unfiltered page 1), so
    /// slices only pay once plain pages have grown past that.
    /// </summary>
    public double SliceLatencyRatio { get; set; } = 2.5;

    /// <summary>
    /// The same when the walk is date-filtered anyway (a <c>since</c> that excludes patches): a slice then costs
    /// what an early page costs, so slices pay as soon as deep pages are clearly slower (default 1.5).
    /// </summary>
    public double FilteredSliceLatencyRatio { get; set; } = 1.5;

    /// <summary>
    /// For a listing with <see cref="PatchQuery.AnyOrder"/>: when the pages at the middle of a long date-ordered
    /// listing take this many times longer per item than the first ones (default 1.5), <see cref="PagingMode.Auto"/>
    /// reads the other half from the other end (newest first), so no request pages deeper than half. That costs
    /// no extra page, only a one-item count at the end, so a smaller growth than for slices is worth it.
    /// </summary>
    public double ReverseLatencyRatio { get; set; } = 1.5;

    /// <summary>
    /// Deep pages faster than this never make <see cref="PagingMode.Auto"/> switch to slices (default 50 ms):
    /// on a fast server latency ratios are mostly noise and there is nothing worth an extra request to save.
    /// </summary>
    public TimeSpan MinSliceLatency { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Sent as <c>User-Agent</c> (default <c>pwsync/&lt;version&gt;</c>).</summary>
    public string UserAgent { get; set; } = TrackerDefaults.UserAgent;

    /// <summary>Checks the values and throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttp && BaseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"tracker URL must be an absolute http(s) URL, got '{TrackerUrls.Redact(BaseUrl)}'", nameof(BaseUrl));
        }

        if (MaxInFlight < 1)
        {
            throw new ArgumentException($"MaxInFlight must be at least 1, got {MaxInFlight}", nameof(MaxInFlight));
        }

        if (MaxRetries < 0)
        {
            throw new ArgumentException($"MaxRetries must not be negative, got {MaxRetries}", nameof(MaxRetries));
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"RequestTimeout must be positive, got {RequestTimeout}", nameof(RequestTimeout));
        }

        if (PageSize < 1 || PagesPerSlice < 1 || MinPagesForSlicing < 1)
        {
            throw new ArgumentException("PageSize, PagesPerSlice and MinPagesForSlicing must be at least 1", nameof(PageSize));
        }

        if (!(SliceLatencyRatio > 1.0) || !(FilteredSliceLatencyRatio > 1.0))
        {
            throw new ArgumentException(
                $"SliceLatencyRatio and FilteredSliceLatencyRatio must be above 1, got {SliceLatencyRatio} and {FilteredSliceLatencyRatio}", nameof(SliceLatencyRatio));
        }

        if (!(ReverseLatencyRatio >= 1.0))
        {
            throw new ArgumentException($"ReverseLatencyRatio must be at least 1, got {ReverseLatencyRatio}", nameof(ReverseLatencyRatio));
        }

        if (ApiVersion is not null && !TrackerDefaults.SupportedVersions.Contains(ApiVersion))
        {
            throw new ArgumentException(
                $"API version '{ApiVersion}' is not supported; use one of {string.Join(", ", TrackerDefaults.SupportedVersions)}",
                nameof(ApiVersion));
        }
    }

    /// <summary>A copy, so a client is not affected by later changes to the caller's object.</summary>
    public PatchworkClientOptions Clone() => (PatchworkClientOptions)MemberwiseClone();

    /// <summary>Shows the settings with the token replaced by <c>***</c>.</summary>
    public override string ToString() =>
        $"PatchworkClientOptions {{ BaseUrl = {TrackerUrls.Redact(BaseUrl)}, Token = {(Token is null ? "(none)" : "***")}, " +
        $"MaxInFlight = {MaxInFlight}, RequestTimeout = {RequestTimeout}, MaxRetries = {MaxRetries}, ApiVersion = {ApiVersion ?? "(discover)"} }}";
}
