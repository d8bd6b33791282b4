using System.Text.Json;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Api.Json;

/// <summary>People (mail senders) and users (accounts), embedded and full.</summary>
internal static class PeopleJson
{
    public static void WriteUser(Utf8JsonWriter w, ApiContext api, UserRow u)
    {
        w.WriteStartObject();
        WriteUserFields(w, api, u);
        w.WriteEndObject();
    }

    /// <summary>
    /// Your own user record (1.2+), which carries your settings; this server has no per-user
    /// settings, so they are Patchwork's defaults.
    /// </summary>
    public static void WriteOwnUser(Utf8JsonWriter w, ApiContext api, UserRow u)
    {
        w.WriteStartObject();
        WriteUserFields(w, api, u);
        w.WriteStartObject("settings");
        w.WriteBoolean("send_email", false);
        w.WriteNumber("items_per_page", 100);
        w.WriteBoolean("show_ids", false);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void WriteUserOrNull(Utf8JsonWriter w, ApiContext api, string name, UserRow? u)
    {
        w.WritePropertyName(name);
        if (u is null)
        {
            w.WriteNullValue();
        }
        else
        {
            WriteUser(w, api, u);
        }
    }

    public static void WritePersonEmbedded(Utf8JsonWriter w, ApiContext api, PersonRow p)
    {
        w.WriteStartObject();
        WritePersonFields(w, api, p);
        w.WriteEndObject();
    }

    public static void WritePerson(Utf8JsonWriter w, ApiContext api, PersonRow p, UserRow? user)
    {
        w.WriteStartObject();
        WritePersonFields(w, api, p);
        WriteUserOrNull(w, api, "user", user);
        w.WriteEndObject();
    }

    private static void WriteUserFields(Utf8JsonWriter w, ApiContext api, UserRow u)
    {
        w.WriteNumber("id", u.Id);
        w.WriteString("url", api.Api($"users/{u.Id}/"));
        w.WriteString("username", u.Username);
        w.WriteString("first_name", u.FirstName);
        w.WriteString("last_name", u.LastName);
        w.WriteString("email", u.Email);
    }

    private static void WritePersonFields(Utf8JsonWriter w, ApiContext api, PersonRow p)
    {
        w.WriteNumber("id", p.Id);
        w.WriteString("url", api.Api($"people/{p.Id}/"));
        w.WriteString("name", p.Name);
        w.WriteString("email", p.Email);
    }
}
