using System.Text.Json.Nodes;
using Refit;

namespace PatchSync.Tracker.Api;

/// <summary>
/// The Patchwork REST endpoints pwsync uses. <c>version</c> is the API version chosen by discovery
/// ("1.0".."1.3"). Every method returns <see cref="IApiResponse{T}"/> because 404, 403 and 429 are flow
/// here (an unknown version is a 404; the caller turns the rest into typed exceptions). Lists are bare
/// JSON arrays; paging is in the <c>Link</c> header.
/// </summary>
[Headers("Accept: application/json")]
internal interface IPatchworkApi
{
    [Get("/api/")]
    Task<IApiResponse<Dictionary<string, string>>> GetRootAsync(CancellationToken cancellationToken = default);

    [Get("/api/{version}/")]
    Task<IApiResponse<Dictionary<string, string>>> GetVersionRootAsync(string version, CancellationToken cancellationToken = default);

    [Get("/api/{version}/projects/")]
    Task<IApiResponse<List<Project>>> ListProjectsAsync(
        string version,
        int? page = null,
        [AliasAs("per_page")] int? perPage = null,
        CancellationToken cancellationToken = default);

    /// <summary><paramref name="idOrLinkName"/>: numeric id or link name.</summary>
    [Get("/api/{version}/projects/{idOrLinkName}/")]
    Task<IApiResponse<Project>> GetProjectAsync(string version, string idOrLinkName, CancellationToken cancellationToken = default);

    [Get("/api/{version}/patches/")]
    Task<IApiResponse<List<Patch>>> ListPatchesAsync(
        string version,
        string? project = null,
        string? since = null,
        string? before = null,
        [Query(CollectionFormat.Multi)] IEnumerable<string>? state = null,
        string? archived = null,
        [AliasAs("msgid")] string? msgId = null,
        [AliasAs("delegate")] string? delegateFilter = null,
        string? submitter = null,
        long? series = null,
        string? order = null,
        int? page = null,
        [AliasAs("per_page")] int? perPage = null,
        CancellationToken cancellationToken = default);

    [Get("/api/{version}/patches/{id}/")]
    Task<IApiResponse<Patch>> GetPatchAsync(string version, long id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The body holds only the fields to change; the answer is the full patch detail. The body must be
    /// buffered: Refit streams an unbuffered body chunked, with no <c>Content-Length</c>, and Patchwork (WSGI)
    /// then reads an EMPTY body and answers 200 with the patch unchanged (fixture 58).
    /// </summary>
    [Patch("/api/{version}/patches/{id}/")]
    Task<IApiResponse<Patch>> UpdatePatchAsync(string version, long id, [Body(buffered: true)] JsonObject changes, CancellationToken cancellationToken = default);

    [Get("/api/{version}/series/")]
    Task<IApiResponse<List<Series>>> ListSeriesAsync(
        string version,
        string? project = null,
        string? since = null,
        string? before = null,
        string? order = null,
        int? page = null,
        [AliasAs("per_page")] int? perPage = null,
        CancellationToken cancellationToken = default);

    [Get("/api/{version}/series/{id}/")]
    Task<IApiResponse<Series>> GetSeriesAsync(string version, long id, CancellationToken cancellationToken = default);

    /// <summary>
    /// One <paramref name="category"/> at most: Patchwork keeps only the last of repeated values (only
    /// <c>state</c> and <c>submitter</c> take several).
    /// </summary>
    [Get("/api/{version}/events/")]
    Task<IApiResponse<List<Event>>> ListEventsAsync(
        string version,
        string? category = null,
        string? project = null,
        long? patch = null,
        long? series = null,
        string? since = null,
        string? before = null,
        string? order = null,
        int? page = null,
        [AliasAs("per_page")] int? perPage = null,
        CancellationToken cancellationToken = default);

    /// <summary>Needs a token on Patchwork 3.1 (anonymous is 403).</summary>
    [Get("/api/{version}/users/{id}/")]
    Task<IApiResponse<User>> GetUserAsync(string version, long id, CancellationToken cancellationToken = default);

    /// <summary>Needs a token on Patchwork 3.1 (anonymous is 403; a rejected token is 403 on every request).</summary>
    [Get("/api/{version}/users/")]
    Task<IApiResponse<List<User>>> ListUsersAsync(
        string version,
        int? page = null,
        [AliasAs("per_page")] int? perPage = null,
        CancellationToken cancellationToken = default);

    /// <summary>Needs a token on Patchwork 3.1 (anonymous is 403).</summary>
    [Get("/api/{version}/people/")]
    Task<IApiResponse<List<Person>>> ListPeopleAsync(
        string version,
        int? page = null,
        [AliasAs("per_page")] int? perPage = null,
        CancellationToken cancellationToken = default);
}
