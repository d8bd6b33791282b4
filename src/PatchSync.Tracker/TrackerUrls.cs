namespace PatchSync.Tracker;

/// <summary>URL helpers for messages: user info (a password in the URL) never reaches a message.</summary>
internal static class TrackerUrls
{
    public static string Redact(Uri? uri)
    {
        if (uri is null)
        {
            return "(unknown URL)";
        }

        if (!uri.IsAbsoluteUri || string.IsNullOrEmpty(uri.UserInfo))
        {
            return uri.ToString();
        }

        var builder = new UriBuilder(uri) { UserName = "", Password = "" };
        return builder.Uri.ToString();
    }
}
