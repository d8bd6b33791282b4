using System.Data.Common;
using Dapper;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Data.Stores;

/// <summary>
/// The <c>related</c> field of a page of patches: for each patch in a relation, the other patches of
/// that relation (Patchwork leaves the patch itself out), in date order, with the projects they belong
/// to (a relation may span projects, and an embedded patch links into its own project).
/// </summary>
internal sealed class RelatedPatches
{
    /// <summary>
    /// One query for a page: every member of every relation a page patch is in, the page patch's own
    /// row included so that membership of a relation of one is seen too. <paramref name="idCondition"/>
    /// follows <c>o.patch_id</c> (<c>IN (…)</c>, or <c>= ANY($1)</c> on PostgreSQL).
    /// </summary>
    public static string Sql(string idCondition) => $"""
        SELECT o.patch_id AS owner_id, p.id, p.project_id, p.msgid, p.date, p.name, p.series_id
        FROM patch_relation_members o
        JOIN patch_relation_members m ON m.relation_id = o.relation_id
        JOIN patches p ON p.id = m.patch_id
        WHERE o.patch_id {idCondition}
        ORDER BY o.patch_id, p.date, p.id
        """;

    private readonly Dictionary<long, List<SubmissionRef>> _byPatch = [];

    /// <summary>No relations (API before 1.2, where <c>related</c> is not shown).</summary>
    public static RelatedPatches None { get; } = new();

    private readonly Dictionary<long, ProjectRow> _projects = [];

    /// <summary>The projects of the related patches; may hold projects of the page itself too.</summary>
    public IReadOnlyDictionary<long, ProjectRow> Projects => _projects;

    /// <summary>Whether the patch is in a relation, even one it is alone in (a PATCH answer shows <c>related</c> then).</summary>
    public bool InRelation(long patchId) => _byPatch.ContainsKey(patchId);

    /// <summary>The other patches of the patch's relation, oldest first; empty when it is in none.</summary>
    public IReadOnlyList<SubmissionRef> Of(long patchId) => _byPatch.TryGetValue(patchId, out var list) ? list : [];

    /// <summary>
    /// The related patches of <paramref name="patchIds"/> (ids inlined: they come from our own rows);
    /// <paramref name="known"/> are projects already loaded.
    /// </summary>
    public static async Task<RelatedPatches> LoadAsync(DbConnection connection, IReadOnlyCollection<long> patchIds, IReadOnlyDictionary<long, ProjectRow>? known, CancellationToken cancellationToken)
    {
        if (patchIds.Count == 0)
        {
            return new RelatedPatches();
        }

        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            Sql($"IN ({string.Join(",", patchIds.Distinct())})"),
            cancellationToken: cancellationToken));
        return await FromRowsAsync(connection, rows, known, cancellationToken);
    }

    /// <summary>
    /// Builds the result from the rows of <see cref="Sql"/>, loading the projects of related
    /// patches that <paramref name="known"/> does not hold (only a relation across projects needs any).
    /// </summary>
    public static async Task<RelatedPatches> FromRowsAsync(DbConnection connection, IEnumerable<Row> rows, IReadOnlyDictionary<long, ProjectRow>? known, CancellationToken cancellationToken)
    {
        var result = new RelatedPatches();
        foreach (var row in rows)
        {
            if (!result._byPatch.TryGetValue(row.OwnerId, out var list))
            {
                list = [];
                result._byPatch[row.OwnerId] = list;
            }

            if (row.Id != row.OwnerId)
            {
                list.Add(new SubmissionRef { Id = row.Id, ProjectId = row.ProjectId, Msgid = row.Msgid, Date = row.Date, Name = row.Name, SeriesId = row.SeriesId });
            }
        }

        var missing = result._byPatch.Values.SelectMany(l => l).Select(s => s.ProjectId).Distinct()
            .Where(id => known is null || !known.ContainsKey(id)).ToList();
        foreach (var (id, project) in await RefLoader.ProjectsAsync(connection, missing, cancellationToken))
        {
            result._projects[id] = project;
        }

        if (known is not null)
        {
            foreach (var (id, project) in known)
            {
                result._projects.TryAdd(id, project);
            }
        }

        return result;
    }

    /// <summary>A row of <see cref="Sql"/>: a member of the relation of the page patch <see cref="OwnerId"/>.</summary>
    public sealed class Row
    {
        public long OwnerId { get; init; }

        public long Id { get; init; }

        public long ProjectId { get; init; }

        public string Msgid { get; init; } = "";

        public long Date { get; init; }

        public string Name { get; init; } = "";

        public long? SeriesId { get; init; }
    }
}
