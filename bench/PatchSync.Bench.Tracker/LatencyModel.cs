using PatchSync.Testing.Tracker;

namespace PatchSync.Bench.Tracker;

/// <summary>
/// How slow the stub answers a list request, after Patchwork 3.1.3 on PostgreSQL holding 1M patches
/// (~135 ms for page 1, ~1450 ms for page 9000; <c>since=</c> with 250 per page ~580 ms), scaled by
/// <see cref="TimeScale"/> (1/20). The depth curve is mapped onto the served listing: the deepest page of
/// the listing costs what Patchwork's deepest page costs.
/// </summary>
internal sealed record LatencyModel(string Name, bool DateFilterSurcharge)
{
    public const double TimeScale = 1.0 / 20;
    private const double FirstPageMs = 135;
    private const double DeepestPageMs = 1450;
    private const double SinceMs = 580;

    public static LatencyModel None { get; } = new("none", false);

    /// <summary>Cost grows with OFFSET only; a date slice costs what any page at its offset costs.</summary>
    public static LatencyModel Offset { get; } = new("offset", false);

    /// <summary>Like <see cref="Offset"/>, and every date-filtered request costs at least the measured since= time.</summary>
    public static LatencyModel OffsetAndSince { get; } = new("offset+since", true);

    /// <summary>Patchwork's measured cost per request on one core (<see cref="PatchworkCostModel"/>).</summary>
    public static LatencyModel Patchwork { get; } = new("patchwork", true);

    public static LatencyModel Parse(string name) =>
        new[] { None, Offset, OffsetAndSince, Patchwork }.FirstOrDefault(m => m.Name == name) ?? throw new ArgumentException($"unknown latency model '{name}'");

    /// <param name="rows">The listing's length (the depth curve is mapped onto it).</param>
    /// <param name="server">The Patchwork cost model, when that is the model: it also totals the server time.</param>
    public Func<SyntheticRequest, TimeSpan>? ForListing(int rows, PatchworkCostModel? server = null)
    {
        if (this == None)
        {
            return null;
        }

        if (this == Patchwork)
        {
            return (server ?? new PatchworkCostModel()).Latency;
        }

        var perRowMs = (DeepestPageMs - FirstPageMs) / rows;
        return request =>
        {
            var ms = FirstPageMs + (perRowMs * request.Offset);
            if (DateFilterSurcharge && request.DateFiltered)
            {
                ms = Math.Max(ms, SinceMs + (perRowMs * request.Offset));
            }

            return TimeSpan.FromMilliseconds(ms * TimeScale);
        };
    }
}
