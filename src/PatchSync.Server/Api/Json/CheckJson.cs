using System.Text.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Api.Json;

/// <summary>CI check results on a patch.</summary>
internal static class CheckJson
{
    public static void Write(Utf8JsonWriter w, ApiContext api, CheckRow c)
    {
        w.WriteStartObject();
        w.WriteNumber("id", c.Id);
        w.WriteString("url", api.Api($"patches/{c.PatchId}/checks/{c.Id}/"));
        w.WritePropertyName("user");
        PeopleJson.WriteUser(w, api, c.User);
        w.WriteString("date", DbTime.Format(c.Date));
        w.WriteString("state", c.State);
        w.WriteString("target_url", c.TargetUrl);
        w.WriteString("context", c.Context);
        w.WriteString("description", c.Description);
        w.WriteEndObject();
    }
}
