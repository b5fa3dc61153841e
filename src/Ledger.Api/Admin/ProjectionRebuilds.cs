using System.Collections.Concurrent;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Ledger.Projections.LineItemVersions;
using Marten;

namespace Ledger.Api.Admin;

/// <summary>A rebuild an operator started: where it is, how it ended, and the switch made after it, if one was asked for.</summary>
public sealed record RebuildState(string Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error, string? Switch = null);

/// <summary>
/// Runs projection rebuilds in the background with Marten's projection daemon, one at a time per projection, and
/// remembers how each went. Progress is the daemon's own progression row, which it advances as the rebuild goes.
/// </summary>
public sealed class ProjectionRebuilds(
    IDocumentStore store, IProjectionCoordinator coordinator, GenerationSwitch versions, TimeProvider clock, ILogger<ProjectionRebuilds> logger)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromHours(2);
    private readonly ConcurrentDictionary<string, RebuildState> _states = new();

    public RebuildState? StateOf(string shard) => _states.GetValueOrDefault(shard);

    /// <summary>
    /// Whether this node's daemon runs an async shard. Only the owner may rebuild it: anywhere else the owner would keep
    /// applying events to the rows being rebuilt.
    /// </summary>
    public bool OwnsAsync(string shard) =>
        coordinator.DaemonForMainDatabase() is { IsRunning: true } daemon && daemon.CurrentAgents().Any(a => a.Name.Name == shard);

    /// <summary>
    /// Starts a rebuild unless one of the same projection is running; returns whether it started. With
    /// <paramref name="thenSwitchTo"/>, a successful rebuild is followed by the checked switch to that version.
    /// </summary>
    public bool TryStart(string shard, bool inline, ModelGeneration? thenSwitchTo = null)
    {
        var started = new RebuildState("running", clock.GetUtcNow(), null, null);
        var current = _states.GetValueOrDefault(shard);
        if (current?.Status == "running" || !(current is null ? _states.TryAdd(shard, started) : _states.TryUpdate(shard, started, current)))
            return false;
        _ = Task.Run(() => RunAsync(shard, inline, started, thenSwitchTo));
        return true;
    }

    private async Task RunAsync(string shard, bool inline, RebuildState started, ModelGeneration? thenSwitchTo)
    {
        try
        {
            // An inline projection has no running shard: a daemon of its own replays it. An async one is rebuilt by the
            // daemon that runs it, which stops the shard and replays the log.
            if (inline)
            {
                using var daemon = await store.BuildProjectionDaemonAsync();
                await daemon.RebuildProjectionAsync(shard, Timeout, CancellationToken.None);
            }
            else
            {
                var daemon = coordinator.DaemonForMainDatabase();
                await daemon.RebuildProjectionAsync(shard, Timeout, CancellationToken.None);
                // The rebuild leaves the shard stopped at the high-water mark it replayed to: run it on from there.
                await daemon.StartAgentAsync(new ShardName(shard), CancellationToken.None);
            }
            var switched = thenSwitchTo is null ? null : Describe(await versions.TrySwitchAsync(thenSwitchTo, CancellationToken.None));
            _states[shard] = started with { Status = "succeeded", FinishedAt = clock.GetUtcNow(), Switch = switched };
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Rebuilding {Projection} failed", shard);
            _states[shard] = started with { Status = "failed", FinishedAt = clock.GetUtcNow(), Error = exception.Message };
        }
    }

    private static string Describe(SwitchOutcome outcome) => outcome.Switched is { } switched
        ? $"switched: version {switched.Serving.Version} serves queries, compared through position {switched.Comparison.ComparedThrough}"
        : $"refused ({outcome.RefusedCode}): {outcome.Reason}";
}
