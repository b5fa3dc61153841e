using System.Collections.Concurrent;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Ledger.Projections.LineItemVersions;
using Ledger.Api.Reading;
using Ledger.Domain.Values;
using Marten;

namespace Ledger.Api.Admin;

/// <summary>What asking for a rebuild came to.</summary>
public enum RebuildStart
{
    Started,
    AlreadyRunning,
    NowServing,
}

/// <summary>A rebuild an operator started: where it is, how it ended, and the switch made after it, if one was asked for.</summary>
public sealed record RebuildState(string Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error, string? Switch = null);

/// <summary>
/// Runs projection rebuilds in the background with Marten's projection daemon, one at a time per projection, and
/// remembers how each went. Progress is the daemon's own progression row, which it advances as the rebuild goes.
/// </summary>
public sealed class ProjectionRebuilds(
    IProjectionCoordinator coordinator, GenerationSwitch versions, TimeProvider clock, ILogger<ProjectionRebuilds> logger)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromHours(2);
    private readonly ConcurrentDictionary<string, RebuildState> _states = new();
    // Starting a rebuild and switching the serving generation exclude each other on this node.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public RebuildState? StateOf(string shard) => _states.GetValueOrDefault(shard);

    /// <summary>
    /// Whether this node's daemon runs an async shard. Only the owner may rebuild it: anywhere else the owner would keep
    /// applying events to the rows being rebuilt.
    /// </summary>
    public bool OwnsAsync(string shard) =>
        coordinator.DaemonForMainDatabase() is { IsRunning: true } daemon && daemon.CurrentAgents().Any(a => a.Name.Name == shard);

    /// <summary>
    /// Starts a rebuild unless one of the same projection is running, or <paramref name="thenSwitchTo"/>'s generation has
    /// meanwhile become the serving one. With <paramref name="thenSwitchTo"/>, a successful rebuild is followed by the
    /// checked switch to that version. Checked and started under the gate a switch also holds, so a switch can never
    /// commit a generation whose rebuild has begun emptying it.
    /// </summary>
    public async Task<RebuildStart> TryStartAsync(string shard, ModelGeneration? thenSwitchTo, ServingGenerations serving,
        CancellationToken cancellation)
    {
        await _gate.WaitAsync(cancellation);
        try
        {
            var generation = LineItemVersionsModel.Generations.FirstOrDefault(g => g.ShardName == shard);
            if (generation is not null && generation.Number == await serving.FreshGenerationAsync(cancellation)) return RebuildStart.NowServing;
            var started = new RebuildState("running", clock.GetUtcNow(), null, null);
            var current = _states.GetValueOrDefault(shard);
            if (current?.Status == "running" || !(current is null ? _states.TryAdd(shard, started) : _states.TryUpdate(shard, started, current)))
                return RebuildStart.AlreadyRunning;
            _ = Task.Run(() => RunAsync(shard, started, thenSwitchTo));
            return RebuildStart.Started;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Runs a switch to <paramref name="candidate"/> unless this node is rebuilding it: refused with <c>rebuild_running</c>,
    /// since the rows being replayed are not yet the rows the log gives. Holds the gate rebuilds start under.
    /// </summary>
    public async Task<SwitchOutcome> SwitchUnlessRebuildingAsync(ModelGeneration candidate, CancellationToken cancellation)
    {
        await _gate.WaitAsync(cancellation);
        try
        {
            return StateOf(candidate.ShardName)?.Status == "running"
                ? SwitchOutcome.Refused(RejectionCodes.RebuildRunning,
                    $"Version {candidate.Number} is being rebuilt; switch once its rebuild has finished (or rebuild with thenSwitch=true).")
                : await versions.TrySwitchAsync(candidate, cancellation);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RunAsync(string shard, RebuildState started, ModelGeneration? thenSwitchTo)
    {
        try
        {
            // Async shards only (an inline generation is refused online): the daemon that runs the shard stops it and
            // replays the log.
            var daemon = coordinator.DaemonForMainDatabase();
            await daemon.RebuildProjectionAsync(shard, Timeout, CancellationToken.None);
            // The rebuild leaves the shard stopped at the high-water mark it replayed to: run it on from there.
            await daemon.StartAgentAsync(new ShardName(shard), CancellationToken.None);
            var switched = thenSwitchTo is null ? null : Describe(await versions.TrySwitchAsync(thenSwitchTo, CancellationToken.None));
            _states[shard] = started with { Status = "succeeded", FinishedAt = clock.GetUtcNow(), Switch = switched };
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Rebuilding {Projection} failed", shard);
            _states[shard] = started with { Status = "failed", FinishedAt = clock.GetUtcNow(), Error = Cause(exception) };
        }
    }

    /// <summary>What an operator can act on: the database's own message when there is one, not a wrapper's.</summary>
    private static string Cause(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
            if (inner is Npgsql.PostgresException postgres) return $"{postgres.SqlState}: {postgres.MessageText}";
        var innermost = exception;
        while (innermost.InnerException is not null) innermost = innermost.InnerException;
        return innermost == exception ? exception.Message : $"{exception.Message} ({innermost.GetType().Name}: {innermost.Message})";
    }

    private static string Describe(SwitchOutcome outcome) => outcome.Switched is { } switched
        ? $"switched: version {switched.Serving.Version} serves queries, compared through position {switched.Comparison.ComparedThrough}"
        : $"refused ({outcome.RefusedCode}): {outcome.Reason}";
}
