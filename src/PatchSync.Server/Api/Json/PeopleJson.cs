using System.Text.Json;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Api.Json;

/// <summary>People (mail senders) and users (accounts), embedded and full.</summary>
public static class PeopleJson
{
    public static void WriteUser(Utf8JsonWriter w, ApiContext api, UserRow u)
    {
        w.WriteStartObject();
        w.WriteNumber("id", u.Id);
        w.WriteString("url", api.Api($"users/{u.Id}/"));
        w.WriteString("username", u.Username);
        w.WriteString("first_name", u.FirstName);
        w.WriteString("last_name", u.LastName);
        w.WriteString("email", u.Email);
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
        w.WriteNumber("id", p.Id);
        w.WriteString("url", api.Api($"people/{p.Id}/"));
        w.WriteString("name", p.Name);
        w.WriteString("email", p.Email);
        w.WriteEndObject();
    }

    public static void WritePerson(Utf8JsonWriter w, ApiContext api, PersonRow p, UserRow? user)
    {
        w.WriteStartObject();
        w.WriteNumber("id", p.Id);
        w.WriteString("url", api.Api($"people/{p.Id}/"));
        w.WriteString("name", p.Name);
        w.WriteString("email", p.Email);
        WriteUserOrNull(w, api, "user", user);
        w.WriteEndObject();
    }
}
