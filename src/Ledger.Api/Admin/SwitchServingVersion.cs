using Ledger.Api.Hosting;
using Ledger.Projections.LineItemVersions;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Api.Admin;

public sealed record SwitchRequest(int Version);

public sealed record SwitchAnswer(ServingVersion Serving, Comparison Comparison);

/// <summary>How a switch went: made, or refused with a stable code, a reason and the comparison behind it.</summary>
public sealed record SwitchOutcome(SwitchAnswer? Switched, string? RefusedCode = null, string? Reason = null, Comparison? Comparison = null)
{
    public static SwitchOutcome Refused(string code, string reason, Comparison? comparison = null) => new(null, code, reason, comparison);
}

/// <summary>
/// The checked switch between versions of the line-item versions model: a version serves queries only once it has
/// caught up with the log and every row it shares with the serving version is equal, less the fields only one of
/// them has. Used by the endpoint, the <c>read-model</c> command and a rebuild asked to switch when done.
/// </summary>
public sealed class VersionSwitch(IDocumentStore store, ServingVersions serving, TimeProvider clock)
{
    /// <summary>How long a switch waits for the candidate to reach the log's end before refusing.</summary>
    public static readonly TimeSpan CatchUpWait = TimeSpan.FromSeconds(30);

    public async Task<Comparison> CompareAsync(ModelVersion candidate, CancellationToken cancellation) =>
        await VersionComparison.CompareAsync(store.Storage.Database, await CurrentAsync(cancellation), candidate, cancellation);

    public async Task<SwitchOutcome> TrySwitchAsync(ModelVersion candidate, CancellationToken cancellation)
    {
        var current = await CurrentAsync(cancellation);
        if (candidate == current) return SwitchOutcome.Refused("version_already_serving", $"Version {candidate.Version} already answers queries.");

        // The candidate must reach where the serving version stood when asked; writes may go on meanwhile.
        var target = await current.PositionAsync(store.Storage.Database, cancellation);
        await candidate.CatchUpAsync(store.Storage.Database, target, CatchUpWait, cancellation);
        var comparison = await VersionComparison.CompareAsync(store.Storage.Database, current, candidate, cancellation);
        if (comparison.CandidatePosition < target)
            return SwitchOutcome.Refused("version_behind",
                $"Version {candidate.Version} has applied the log to position {comparison.CandidatePosition} of {target}; switch once it has caught up.", comparison);
        if (!comparison.Equal)
            return SwitchOutcome.Refused("versions_differ",
                $"Version {candidate.Version} differs from version {current.Version} in {comparison.Differences.Count} entities beyond the fields " +
                $"the version change explains ({string.Join(", ", comparison.ExpectedDifferences)}); first: {comparison.Differences[0].Entity}.", comparison);

        var switched = new ServingVersion(LineItemVersionsModel.Name, candidate.Version, clock.GetUtcNow(), comparison.ComparedThrough,
            comparison.Entities, comparison.Rows);
        await using var session = store.LightweightSession();
        session.Store(switched);
        await session.SaveChangesAsync(cancellation);
        serving.Remember(switched);
        return new SwitchOutcome(new SwitchAnswer(switched, comparison));
    }

    private async Task<ModelVersion> CurrentAsync(CancellationToken cancellation) =>
        LineItemVersionsModel.Find(await serving.LineItemVersionsAsync(cancellation))!;
}

/// <summary>
/// <c>GET .../line-item-versions/comparison?version=</c> compares a version with the serving one;
/// <c>POST .../line-item-versions/switch</c> makes the checked switch.
/// </summary>
public static class SwitchServingVersionEndpoints
{
    [WolverineGet("/api/admin/projections/line-item-versions/comparison", Name = "CompareVersions")]
    [Tags("Operations")]
    [ProducesResponseType<Comparison>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Compare(int version, VersionSwitch versions, CancellationToken cancellation) =>
        LineItemVersionsModel.Find(version) is { } candidate
            ? Results.Ok(await versions.CompareAsync(candidate, cancellation))
            : UnknownVersion(version);

    [WolverinePost("/api/admin/projections/line-item-versions/switch", Name = "SwitchVersion")]
    [Tags("Operations")]
    [ProducesResponseType<SwitchAnswer>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Switch(SwitchRequest? request, VersionSwitch versions, CancellationToken cancellation)
    {
        if (request is null) return LedgerProblems.BodyRequired();
        if (LineItemVersionsModel.Find(request.Version) is not { } candidate) return UnknownVersion(request.Version);
        var outcome = await versions.TrySwitchAsync(candidate, cancellation);
        return outcome.Switched is { } switched
            ? Results.Ok(switched)
            : LedgerProblems.Conflict(outcome.RefusedCode!, outcome.Reason!, new Dictionary<string, object?> { ["comparison"] = outcome.Comparison });
    }

    public static IResult UnknownVersion(int version) => LedgerProblems.NotFound("version_unknown",
        $"The line-item versions model has no version {version}; versions: {string.Join(", ", LineItemVersionsModel.Versions.Select(v => v.Version))}.");
}
