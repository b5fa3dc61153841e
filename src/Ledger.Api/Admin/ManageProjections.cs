using Ledger.Api.Http;
using Ledger.Api.Reading;
using Ledger.Api.Restatements;
using JasperFx.Events.Projections;
using Ledger.Projections.LineItems;
using Ledger.Projections.LineItemVersions;
using Ledger.Projections.ShareBasis;
using Ledger.Domain.Values;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Api.Admin;

/// <summary>
/// A projection or subscription as operators see it: which version, whether it answers queries, how far it has read
/// the log, how far behind it is, whether this node's daemon runs it (async ones run on one node at a time), and any rebuild.
/// </summary>
public sealed record ProjectionState(
    string Name, int Version, string Lifecycle, bool Serving, long Position, long HighWaterMark, long Lag, bool? RunsHere, RebuildState? Rebuild,
    decimal? RebuildProgress);

/// <summary>
/// <c>GET /api/admin/projections</c>: each projection version's position, the log's high-water mark, lag and any
/// rebuild; <c>POST /api/admin/projections/{name}/rebuild</c>: replays one from the event log in the background.
/// </summary>
public static class ManageProjectionsEndpoints
{
    /// <summary>How a projection is kept, which decides what a rebuild of it may do.</summary>
    private enum Kept
    {
        /// <summary>Applied in the appending transaction, so rebuilt only while no writer runs: refused online.</summary>
        Inline,
        /// <summary>Applied by the async daemon; a generation of the versions model, rebuilt only while another serves.</summary>
        Async,
        /// <summary>Folded from its events at every read, never stored: nothing to rebuild, so a rebuild is refused.</summary>
        Live,
        /// <summary>A subscription of the daemon: it publishes, it holds no rows.</summary>
        Subscription,
    }

    private sealed record Known(string Name, int Version, string Shard, Kept Kept)
    {
        public bool Inline => Kept is Kept.Inline or Kept.Live;
    }

    /// <summary>What this service keeps: the generations of the versions model it is configured to keep, and the rest.</summary>
    private static Known[] Projections(KeptGenerations kept) =>
    [
        .. kept.All.Select(v => new Known(LineItemVersionsModel.Name, v.Number, v.ShardName, v.Inline ? Kept.Inline : Kept.Async)),
        new(LineItemLog.ShardName, 1, LineItemLog.ShardName, Kept.Inline),
        new(ShareBasisProjection.ProjectionName, 1, ShareBasisProjection.ProjectionName, Kept.Live),
        new(RestatementPublisher.Name, 1, RestatementPublisher.Name, Kept.Subscription),
    ];

    [WolverineGet("/api/admin/projections", Name = "GetProjections")]
    [Tags("Operations")]
    public static async Task<IReadOnlyList<ProjectionState>> Get(
        IQuerySession session, ProjectionRebuilds rebuilds, ServingGenerations serving, KeptGenerations kept, CancellationToken cancellation)
    {
        var progress = (await session.Database.AllProjectionProgress(cancellation)).ToDictionary(s => s.ShardName, s => s.Sequence);
        var logEnd = await session.Database.FetchHighestEventSequenceNumber(cancellation);
        var highWaterMark = progress.GetValueOrDefault(ShardState.HighWaterMark);
        var servingVersion = await serving.GenerationAsync(cancellation);

        return Projections(kept).Select(p =>
        {
            var rebuild = rebuilds.StateOf(p.Shard);
            // Inline projections commit with the events they read, and live ones are folded from the log at each read, so
            // both are at the log's end unless rebuilding.
            var position = p.Inline && rebuild?.Status != "running" ? logEnd : progress.GetValueOrDefault(new ShardName(p.Shard).Identity);
            var isServing = p.Name != LineItemVersionsModel.Name || p.Version == servingVersion;
            var running = rebuild?.Status == "running";
            return new ProjectionState(p.Name, p.Version, Lifecycle(p), isServing, position, highWaterMark, Math.Max(0, logEnd - position),
                p.Inline ? null : rebuilds.OwnsAsync(p.Shard), rebuild,
                running ? Math.Round(logEnd == 0 ? 0m : Math.Min(1m, (decimal)position / logEnd), 3) : null);
        }).ToList();
    }

    /// <summary>
    /// Rebuilds a projection, never one that a decision or an answer reads meanwhile. For the line-item versions model the
    /// version rebuilt is the one not serving queries (or <paramref name="version"/>, which must not be the serving one):
    /// queries go on being answered from the serving one, and a rebuilt version serves only through the checked switch.
    /// With <paramref name="thenSwitch"/>, the rebuilt version then serves queries if the checked switch allows it.
    /// An inline generation is refused: each writer applies it in its own transaction, reading the rows of the lines it
    /// touches, and a rebuild empties and refills that same table under them (rows lost, a confirmation failing).
    /// A live projection (the share basis) is folded from its events at every read, so its
    /// rebuild is refused: there is nothing stored to replay.
    /// </summary>
    [WolverinePost("/api/admin/projections/{name}/rebuild", Name = "RebuildProjection")]
    [Tags("Operations")]
    [ProducesResponseType(StatusCodes.Status202Accepted)]
    [ProblemResponse(StatusCodes.Status400BadRequest, RejectionCodes.RequestInvalid)]
    [ProblemResponse(StatusCodes.Status404NotFound, RejectionCodes.ProjectionUnknown)]
    [ProblemResponse(StatusCodes.Status409Conflict, RejectionCodes.ProjectionServing, RejectionCodes.ProjectionLive, RejectionCodes.ProjectionInline, RejectionCodes.ProjectionNotOwned, RejectionCodes.VersionNotKept, RejectionCodes.RebuildRunning)]
    public static async Task<IResult> Rebuild(
        string name, int? version, bool? thenSwitch, ProjectionRebuilds rebuilds, ServingGenerations serving, KeptGenerations kept,
        CancellationToken cancellation)
    {
        // Asked of the database, not of this node's cache: a switch made on another node a moment ago must count.
        var servingVersion = name == LineItemVersionsModel.Name ? await serving.FreshGenerationAsync(cancellation) : 0;
        var wanted = version ?? (name == LineItemVersionsModel.Name ? Standby(kept, servingVersion).Number : 1);
        if (name == LineItemVersionsModel.Name && LineItemVersionsModel.Find(wanted) is not null && !kept.Keeps(wanted))
            return LedgerProblems.Conflict(RejectionCodes.VersionNotKept, KeptGenerations.HowToKeep(wanted));
        var projections = Projections(kept);
        if (projections.FirstOrDefault(p => p.Name == name && p.Version == wanted && p.Kept != Kept.Subscription) is not { } projection)
            return LedgerProblems.NotFound(RejectionCodes.ProjectionUnknown,
                $"No rebuildable projection '{name}' version {wanted}. Projections: {string.Join(", ", projections.Where(p => p.Kept != Kept.Subscription).Select(p => $"{p.Name} v{p.Version}").Distinct())}.");
        if (projection.Kept == Kept.Live)
            return LedgerProblems.Conflict(RejectionCodes.ProjectionLive,
                $"'{name}' is not stored: every decision and every answer folds it from its events when it reads it, so there is nothing to rebuild.");
        if (wanted == servingVersion)
            return LedgerProblems.Conflict(RejectionCodes.ProjectionServing,
                $"Version {wanted} of '{name}' answers queries, and a rebuild empties it first. Rebuild the other version, switch to it, then rebuild this one.");
        if (projection.Kept == Kept.Inline)
            return LedgerProblems.Conflict(RejectionCodes.ProjectionInline,
                $"Version {wanted} of '{name}' is inline: every writer applies it in its own transaction, reading the rows a rebuild " +
                $"would empty under it. Rebuild it with the service stopped on every node: 'projections rebuild -p {projection.Shard}'.");
        if (!rebuilds.OwnsAsync(projection.Shard))
            return LedgerProblems.Conflict(RejectionCodes.ProjectionNotOwned,
                $"This node does not run '{projection.Shard}'; the node that holds the daemon's leadership does. Send the rebuild there.");
        var switchTo = thenSwitch == true && name == LineItemVersionsModel.Name ? LineItemVersionsModel.Find(wanted) : null;
        return await rebuilds.TryStartAsync(projection.Shard, switchTo, serving, cancellation) switch
        {
            RebuildStart.Started => Results.Accepted("/api/admin/projections"),
            RebuildStart.NowServing => LedgerProblems.Conflict(RejectionCodes.ProjectionServing,
                $"Version {wanted} of '{name}' has just been switched to answer queries; it cannot be rebuilt now."),
            _ => LedgerProblems.Conflict(RejectionCodes.RebuildRunning, $"A rebuild of '{name}' version {wanted} is already running."),
        };
    }

    /// <summary>
    /// The generation a rebuild asked without a version replays: a kept one not serving, async if there is one (inline ones
    /// are refused); with no standby kept, the first standby generation, which the caller then refuses as not kept.
    /// </summary>
    private static ModelGeneration Standby(KeptGenerations kept, int servingVersion) =>
        kept.Standbys.FirstOrDefault(g => g.Number != servingVersion)
        ?? LineItemVersionsModel.Generations.First(g => !g.Inline && g.Number != servingVersion);

    private static string Lifecycle(Known p) => p.Kept switch
    {
        Kept.Subscription => "async subscription",
        Kept.Live => "live",
        Kept.Inline => "inline",
        _ => "async",
    };
}
