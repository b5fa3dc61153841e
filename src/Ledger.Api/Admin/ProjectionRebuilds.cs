using System.Collections.Concurrent;
using Marten;

namespace Ledger.Api.Admin;

/// <summary>A rebuild an operator started: where it is, and how it ended.</summary>
public sealed record RebuildState(string Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error);

/// <summary>
/// Runs projection rebuilds in the background with Marten's projection daemon, one at a time per projection, and
/// remembers how each went. Progress is read from the daemon's own progression table while it runs.
/// </summary>
public sealed class ProjectionRebuilds(IDocumentStore store, TimeProvider clock, ILogger<ProjectionRebuilds> logger)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromHours(2);
    private readonly ConcurrentDictionary<string, RebuildState> _states = new();

    public RebuildState? StateOf(string projection) => _states.GetValueOrDefault(projection);

    /// <summary>Starts a rebuild unless one of the same projection is running; returns whether it started.</summary>
    public bool TryStart(string projection)
    {
        var started = new RebuildState("running", clock.GetUtcNow(), null, null);
        var current = _states.GetValueOrDefault(projection);
        if (current?.Status == "running" || !(current is null ? _states.TryAdd(projection, started) : _states.TryUpdate(projection, started, current)))
            return false;
        _ = Task.Run(() => RunAsync(projection, started));
        return true;
    }

    private async Task RunAsync(string projection, RebuildState started)
    {
        try
        {
            using var daemon = await store.BuildProjectionDaemonAsync();
            await daemon.RebuildProjectionAsync(projection, Timeout, CancellationToken.None);
            _states[projection] = started with { Status = "succeeded", FinishedAt = clock.GetUtcNow() };
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Rebuilding {Projection} failed", projection);
            _states[projection] = started with { Status = "failed", FinishedAt = clock.GetUtcNow(), Error = exception.Message };
        }
    }
}
