using PatchSync.Core.Tags;

namespace PatchSync.Core.Planning;

/// <summary>What the planner needs besides the three states: the tag mapping and the conflict rule.</summary>
/// <param name="Mapping">State slug to tag mapping (prefix, overrides, archived tag).</param>
/// <param name="Conflict">Which side wins a conflict.</param>
public sealed record PlannerOptions(TagMapping Mapping, ConflictRule Conflict = ConflictRule.Tracker);
