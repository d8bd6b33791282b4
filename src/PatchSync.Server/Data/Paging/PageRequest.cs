using System.Globalization;

namespace PatchSync.Server.Data.Paging;

/// <summary>
/// <c>page</c> and <c>per_page</c> as DRF reads them: per_page defaults to 30 and is capped at 250
/// (0, negative or junk fall back to the default); page is 1-based, <c>last</c> allowed, anything
/// else invalid (404 "Invalid page.").
/// </summary>
internal sealed record PageRequest(int? Page, bool Last, bool Invalid, int PerPage)
{
    public const int DefaultPerPage = 30;
    public const int MaxPerPage = 250;

    public static PageRequest Parse(string? page, string? perPage)
    {
        var size = int.TryParse(perPage, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0
            ? Math.Min(p, MaxPerPage)
            : DefaultPerPage;
        if (page is null)
        {
            return new PageRequest(1, false, false, size);
        }

        if (page == "last")
        {
            return new PageRequest(null, true, false, size);
        }

        return int.TryParse(page, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= 1
            ? new PageRequest(n, false, false, size)
            : new PageRequest(null, false, true, size);
    }
}
