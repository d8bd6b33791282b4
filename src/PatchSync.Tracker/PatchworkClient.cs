using System.Net;
using Microsoft.Extensions.Logging;
using PatchSync.Core.Diagnostics;
using PatchSync.Tracker.Api;
using PatchSync.Tracker.Http;
using PatchSync.Tracker.Json;
using PatchSync.Tracker.Paging;
using Refit;

namespace PatchSync.Tracker;

/// <summary>
/// The Patchwork REST client over the Refit <see cref="IPatchworkApi"/>: discovery, projects, patches (list,
/// detail, update), series and events. Every failure is a <see cref="TrackerException"/> subclass with a
/// one-line message. Discovery runs once, lazily, unless the version is pinned. Listing is in
/// <c>PatchworkClient.Listing.cs</c>; the engine's port (<c>ITracker</c>) in <c>PatchworkClient.Port.cs</c>.
/// </summary>
public sealed partial class PatchworkClient : IDisposable
{
    private readonly IPatchworkApi _api;
    private readonly PatchworkClientOptions _options;
    private readonly ILogger _logger;
    private readonly IDisposable _owned;
    private readonly SemaphoreSlim _discovery = new(1, 1);
    private string? _version;

    internal PatchworkClient(IPatchworkApi api, PatchworkClientOptions options, PhaseTimings timings, ILogger logger, IDisposable owned)
    {
        _api = api;
        _options = options;
        _logger = logger;
        _owned = owned;
        Timings = timings;
        _version = options.ApiVersion;
        PageSize = options.PageSize;
    }

    /// <summary>The tracker's site root.</summary>
    public Uri BaseUrl => _options.BaseUrl;

    /// <summary>Time in HTTP and JSON, pages, requests and retries (for <c>--timings</c>).</summary>
    public PhaseTimings Timings { get; }


    /// <summary>The API version in use, null before discovery.</summary>
    public string? ApiVersion => _version;

    /// <summary>The page size the server grants (learned when it serves fewer than asked).</summary>
    public int PageSize { get; private set; }

    /// <summary>Finds the newest API version (1.3 down to 1.0) the server offers; returns it, e.g. "1.3".</summary>
    /// <exception cref="TrackerNotFoundException">No Patchwork API at the URL.</exception>
    public async Task<string> DiscoverAsync(CancellationToken cancellationToken = default)
    {
        if (_options.ApiVersion is { } pinned)
        {
            return _version = pinned;
        }

        var rootUrl = Endpoint("api/");
        var root = await SendAsync(c => _api.GetRootAsync(c), rootUrl, cancellationToken, notFoundIsFlow: true);
        if (root.StatusCode == HttpStatusCode.NotFound)
        {
            throw new TrackerNotFoundException($"no Patchwork API at {rootUrl} (404)") { Url = rootUrl.ToString(), StatusCode = 404 };
        }

        if (root.Content is null || !root.Content.ContainsKey("patches"))
        {
            throw new TrackerProtocolException($"{rootUrl} is not a Patchwork API root (no \"patches\" link)") { Url = rootUrl.ToString() };
        }

        foreach (var version in TrackerDefaults.SupportedVersions)
        {
            var probe = await SendAsync(c => _api.GetVersionRootAsync(version, c), Endpoint($"api/{version}/"), cancellationToken, notFoundIsFlow: true);
            if (probe.IsSuccessStatusCode)
            {
                _logger.LogInformation("{Url} speaks Patchwork API {Version}", TrackerUrls.Redact(BaseUrl), version);
                return _version = version;
            }
        }

        throw new TrackerNotFoundException(
            $"{TrackerUrls.Redact(BaseUrl)} offers none of the API versions {string.Join(", ", TrackerDefaults.SupportedVersions)}")
        { Url = rootUrl.ToString() };
    }

    /// <summary>A project by link name (or numeric id).</summary>
    /// <exception cref="TrackerNotFoundException">"no project 'X' on https://…"</exception>
    public async Task<Project> GetProjectAsync(string linkName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(linkName);
        var version = await VersionAsync(cancellationToken);
        var response = await SendAsync(c => _api.GetProjectAsync(version, linkName, c), Endpoint($"api/{version}/projects/{linkName}/"), cancellationToken, notFoundIsFlow: true);
        if (response.IsSuccessStatusCode)
        {
            return response.Content!;
        }

        // Old servers look projects up by id only: search the (short) project list by link name.
        if (!long.TryParse(linkName, out _))
        {
            for (var page = 1; ; page++)
            {
                var list = await SendAsync(c => _api.ListProjectsAsync(version, page, 250, c), Endpoint($"api/{version}/projects/"), cancellationToken, notFoundIsFlow: true);
                if (!list.IsSuccessStatusCode || list.Content is null)
                {
                    break;
                }

                var match = list.Content.Find(p => string.Equals(p.LinkName, linkName, StringComparison.OrdinalIgnoreCase));
                if (match is not null)
                {
                    return match;
                }

                if (LinkHeader.Parse(Link(list)).Next is null)
                {
                    break;
                }
            }
        }

        throw new TrackerNotFoundException($"no project '{linkName}' on {TrackerUrls.Redact(BaseUrl)}")
        {
            Url = TrackerUrls.Redact(response.RequestMessage?.RequestUri),
            StatusCode = 404,
        };
    }

    /// <summary>Every project on the tracker, in server order.</summary>
    public async IAsyncEnumerable<Project> ListProjectsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var version = await VersionAsync(cancellationToken);
        for (var page = 1; ; page++)
        {
            var response = await SendAsync(c => _api.ListProjectsAsync(version, page, _options.PageSize, c), Endpoint($"api/{version}/projects/"), cancellationToken);
            foreach (var project in response.Content!)
            {
                yield return project;
            }

            if (LinkHeader.Parse(Link(response)).Next is null)
            {
                yield break;
            }
        }
    }

    /// <summary>One series in detail form (its patches and cover letter).</summary>
    public async Task<Series> GetSeriesAsync(long id, CancellationToken cancellationToken = default)
    {
        var version = await VersionAsync(cancellationToken);
        var response = await SendAsync(c => _api.GetSeriesAsync(version, id, c), Endpoint($"api/{version}/series/{id}/"), cancellationToken);
        return response.Content!;
    }

    /// <summary>A tracker account (needs a token on Patchwork 3.1), e.g. to show who a delegate is.</summary>
    public async Task<User> GetUserAsync(long id, CancellationToken cancellationToken = default)
    {
        var version = await VersionAsync(cancellationToken);
        var response = await SendAsync(c => _api.GetUserAsync(version, id, c), Endpoint($"api/{version}/users/{id}/"), cancellationToken);
        return response.Content!;
    }

    /// <summary>One patch in detail form.</summary>
    public async Task<Patch> GetPatchAsync(long id, CancellationToken cancellationToken = default)
    {
        var version = await VersionAsync(cancellationToken);
        var response = await SendAsync(c => _api.GetPatchAsync(version, id, c), Endpoint($"api/{version}/patches/{id}/"), cancellationToken);
        return response.Content!;
    }

    /// <summary>Changes state/archived/delegate; returns the patch as the server has it afterwards.</summary>
    /// <exception cref="TrackerAuthException">No token, bad token, or not allowed to change this patch.</exception>
    /// <exception cref="TrackerBadRequestException">E.g. an unknown state; the message is the server's.</exception>
    /// <exception cref="TrackerUpdateNotAppliedException">The answer does not show the requested state, archived flag or delegate.</exception>
    public async Task<Patch> UpdatePatchAsync(long id, PatchUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.IsEmpty)
        {
            throw new ArgumentException($"update of patch {id} changes nothing", nameof(update));
        }

        var body = new System.Text.Json.Nodes.JsonObject();
        if (update.State is not null)
        {
            body["state"] = update.State;
        }

        if (update.Archived is { } archived)
        {
            body["archived"] = archived;
        }

        if (update.Delegate is { } delegateChange)
        {
            body["delegate"] = delegateChange.UserId;
        }

        var version = await VersionAsync(cancellationToken);
        var endpoint = Endpoint($"api/{version}/patches/{id}/");
        var response = await SendAsync(c => _api.UpdatePatchAsync(version, id, body, c), endpoint, cancellationToken);
        var answered = response.Content!;

        // Patchwork answers 200 with the unchanged patch when it read no body: only the answer tells.
        var differences = PatchUpdateCheck.Differences(update, answered);
        if (differences.Count > 0)
        {
            throw new TrackerUpdateNotAppliedException(
                $"patch {id}: the tracker answered {(int)(response.StatusCode ?? HttpStatusCode.OK)} but still holds {string.Join(", ", differences)}: the change was not applied")
            {
                PatchId = id,
                Answered = answered,
                StatusCode = (int)(response.StatusCode ?? HttpStatusCode.OK),
                Url = TrackerUrls.Redact(endpoint),
            };
        }

        return answered;
    }

    /// <summary>Closes the HttpClient the factory made for this client.</summary>
    public void Dispose()
    {
        _owned.Dispose();
        _discovery.Dispose();
    }

    internal async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        if (_version is { } known)
        {
            return known;
        }

        await _discovery.WaitAsync(cancellationToken);
        try
        {
            return _version ?? await DiscoverAsync(cancellationToken);
        }
        finally
        {
            _discovery.Release();
        }
    }

    private Uri Endpoint(string relative) => new(BaseUrl, relative);

    private static IEnumerable<string>? Link<T>(IApiResponse<T> response) =>
        response.Headers is { } headers && headers.TryGetValues("Link", out var values) ? values : null;

    /// <summary>
    /// Sends one request and returns a successful response with a parsed body, or throws the matching
    /// <see cref="TrackerException"/>. With <paramref name="notFoundIsFlow"/> a 404 is returned as is.
    /// </summary>
    private async Task<IApiResponse<T>> SendAsync<T>(
        Func<CancellationToken, Task<IApiResponse<T>>> call,
        Uri endpoint,
        CancellationToken cancellationToken,
        bool notFoundIsFlow = false)
    {
        IApiResponse<T> response;
        try
        {
            response = await call(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && TrackerErrors.FromException(ex, endpoint, _options) is { } mapped)
        {
            throw mapped;
        }

        if (!response.IsReceived)
        {
            var failure = response.Error?.InnerException ?? response.Error;
            if (failure is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            throw (failure is null ? null : TrackerErrors.FromException(failure, endpoint, _options))
                ?? new TrackerUnavailableException($"no answer from {endpoint.Host}: {failure?.Message}", failure) { Host = endpoint.Host };
        }

        if (notFoundIsFlow && response.StatusCode == HttpStatusCode.NotFound)
        {
            return response;
        }

        if (!response.IsSuccessStatusCode)
        {
            var retried = PatchworkResilience.IsRetriedStatus(response.RequestMessage?.Method, (int)(response.StatusCode ?? 0));
            throw TrackerErrors.FromResponse(response, retried ? _options.MaxRetries : 0);
        }

        if (response.Error is null && response.Content is not null)
        {
            return response;
        }

        // The URL is only worked out for the message: a good answer does not pay for it.
        var url = TrackerUrls.Redact(response.RequestMessage?.RequestUri ?? endpoint);
        for (var error = (Exception?)response.Error; error is not null; error = error.InnerException)
        {
            if (error is JsonPayloadException json)
            {
                throw TrackerErrors.Protocol(json, url);
            }
        }

        if (response.Error is not null)
        {
            throw new TrackerProtocolException($"unreadable answer from {url}: {response.Error.Message}", response.Error) { Url = url };
        }

        throw new TrackerProtocolException($"empty answer from {url} where JSON was expected") { Url = url };
    }
}
