using Ledger.Api.Hosting;
using Ledger.Projections.LineItemVersions;
using Marten;
using Microsoft.AspNetCore.Mvc;
using JasperFx.Events.Projections;
using Wolverine.Http;

namespace Ledger.Api.Admin;

public sealed record SwitchRequest(int Version);

public sealed record SwitchAnswer(ServingVersion Serving, Comparison Comparison);

/// <summary>
/// The checked switch between versions of the line-item versions model. <c>GET .../comparison?version=</c> compares a
/// version with the serving one; <c>POST .../switch</c> makes it serve queries, but only once it has caught up with
/// the log and every row it shares with the serving version is equal, less the fields only one of them has.
/// </summary>
public static class SwitchServingVersionEndpoints
{
    /// <summary>How long a switch waits for the candidate to reach the log's end before refusing.</summary>
    public static readonly TimeSpan CatchUpWait = TimeSpan.FromSeconds(30);

    [WolverineGet("/api/admin/projections/line-item-versions/comparison", Name = "CompareVersions")]
    [Tags("Operations")]
    [ProducesResponseType<Comparison>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Compare(int version, IDocumentStore store, ServingVersions serving, CancellationToken cancellation)
    {
        if (LineItemVersionsModel.Find(version) is not { } candidate) return UnknownVersion(version);
        var current = LineItemVersionsModel.Find(await serving.LineItemVersionsAsync(cancellation))!;
        return Results.Ok(await VersionComparison.CompareAsync(store.Storage.Database, current, candidate, cancellation));
    }

    [WolverinePost("/api/admin/projections/line-item-versions/switch", Name = "SwitchVersion")]
    [Tags("Operations")]
    [ProducesResponseType<SwitchAnswer>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Switch(
        SwitchRequest request, IDocumentStore store, ServingVersions serving, TimeProvider clock,
        CancellationToken cancellation)
    {
        if (LineItemVersionsModel.Find(request.Version) is not { } candidate) return UnknownVersion(request.Version);
        var current = LineItemVersionsModel.Find(await serving.LineItemVersionsAsync(cancellation))!;
        if (candidate == current)
            return LedgerProblems.Conflict("version_already_serving", $"Version {candidate.Version} already answers queries.");

        // The candidate must reach where the serving version stood when asked; writes may go on meanwhile.
        var target = await PositionAsync(store, current, cancellation);
        await CatchUpAsync(store, candidate, target, cancellation);
        var comparison = await VersionComparison.CompareAsync(store.Storage.Database, current, candidate, cancellation);
        if (comparison.CandidatePosition < target)
            return LedgerProblems.Conflict("version_behind",
                $"Version {candidate.Version} has applied the log to position {comparison.CandidatePosition} of {target}; switch once it has caught up.",
                new Dictionary<string, object?> { ["comparison"] = comparison });
        if (!comparison.Equal)
            return LedgerProblems.Conflict("versions_differ",
                $"Version {candidate.Version} differs from version {current.Version} in {comparison.Differences.Count} entities beyond the fields " +
                $"the version change explains ({string.Join(", ", comparison.ExpectedDifferences)}); first: {comparison.Differences[0].Entity}.",
                new Dictionary<string, object?> { ["comparison"] = comparison });

        var switched = new ServingVersion(LineItemVersionsModel.Name, candidate.Version, clock.GetUtcNow(), comparison.ComparedThrough,
            comparison.Entities, comparison.Rows);
        await using var session = store.LightweightSession();
        session.Store(switched);
        await session.SaveChangesAsync(cancellation);
        serving.Remember(switched);
        return Results.Ok(new SwitchAnswer(switched, comparison));
    }

    private static async Task CatchUpAsync(IDocumentStore store, ModelVersion candidate, long target, CancellationToken cancellation)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await PositionAsync(store, candidate, cancellation) < target && waited.Elapsed < CatchUpWait)
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellation);
    }

    /// <summary>An inline version holds every committed event; an async one what its daemon shard has applied.</summary>
    private static Task<long> PositionAsync(IDocumentStore store, ModelVersion version, CancellationToken cancellation) =>
        version.Inline
            ? store.Storage.Database.FetchHighestEventSequenceNumber(cancellation)
            : store.Storage.Database.ProjectionProgressFor(new ShardName(version.ShardName), cancellation);

    private static IResult UnknownVersion(int version) => LedgerProblems.NotFound("version_unknown",
        $"The line-item versions model has no version {version}; versions: {string.Join(", ", LineItemVersionsModel.Versions.Select(v => v.Version))}.");
}
