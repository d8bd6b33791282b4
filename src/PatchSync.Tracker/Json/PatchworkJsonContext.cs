using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PatchSync.Tracker.Json;

/// <summary>Source-generated System.Text.Json metadata for every type the client reads or writes.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(NaiveUtcDateTimeConverter)])]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Project))]
[JsonSerializable(typeof(List<Project>))]
[JsonSerializable(typeof(Patch))]
[JsonSerializable(typeof(List<Patch>))]
[JsonSerializable(typeof(Series))]
[JsonSerializable(typeof(List<Series>))]
[JsonSerializable(typeof(Event))]
[JsonSerializable(typeof(List<Event>))]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(List<User>))]
[JsonSerializable(typeof(Person))]
[JsonSerializable(typeof(List<Person>))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class PatchworkJsonContext : JsonSerializerContext;
