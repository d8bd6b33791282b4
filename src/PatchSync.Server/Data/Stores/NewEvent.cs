using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Data.Stores;

/// <summary>An event to write: its category, project and time, and the rows its payload refers to.</summary>
internal sealed class NewEvent : EventFields
{
    public NewEvent(long projectId, string category, long date)
    {
        ProjectId = projectId;
        Category = category;
        Date = date;
    }
}
