using Ledger.Api.Reading;
using Ledger.Projections.LineItemVersions;
using Ledger.Domain.Values;
using Marten;
using Microsoft.Extensions.Options;

namespace Ledger.Api.Admin;

/// <summary>How a switch went: made, or refused with a stable code, a reason and the comparison behind it.</summary>
public sealed record SwitchOutcome(SwitchAnswer? Switched, string? RefusedCode = null, string? Reason = null, Comparison? Comparison = null)
{
    public static SwitchOutcome Refused(string code, string reason, Comparison? comparison = null) => new(null, code, reason, comparison);
}

/// <summary>
/// The checked switch between generations of the line-item versions model: a generation serves queries only once it has
/// caught up with the log and every row it shares with the serving generation is equal, less the fields only one of
/// them has. Used by the endpoint, the <c>read-model</c> command and a rebuild asked to switch when done.
/// </summary>
public sealed class GenerationSwitch(
    IDocumentStore store, ServingGenerations serving, KeptGenerations kept, TimeProvider clock, IOptions<SwitchSettings> settings)
{
    public async Task<Comparison> CompareAsync(ModelGeneration candidate, CancellationToken cancellation) =>
        await GenerationComparison.CompareAsync(store.Storage.Database, await CurrentAsync(cancellation), candidate, cancellation);

    public async Task<SwitchOutcome> TrySwitchAsync(ModelGeneration candidate, CancellationToken cancellation)
    {
        var current = await CurrentAsync(cancellation);
        if (!kept.Keeps(candidate.Number)) return SwitchOutcome.Refused(RejectionCodes.VersionNotKept, KeptGenerations.HowToKeep(candidate.Number));
        if (candidate == current) return SwitchOutcome.Refused(RejectionCodes.VersionAlreadyServing, $"Version {candidate.Number} already answers queries.");

        // The candidate must reach where the serving generation stood when asked; writes may go on meanwhile.
        var target = await current.PositionAsync(store.Storage.Database, cancellation);
        await candidate.CatchUpAsync(store.Storage.Database, target, settings.Value.CatchUpWait, cancellation);
        var comparison = await GenerationComparison.CompareAsync(store.Storage.Database, current, candidate, cancellation);
        if (comparison.CandidatePosition < target)
            return SwitchOutcome.Refused(RejectionCodes.VersionBehind,
                $"Version {candidate.Number} has applied the log to position {comparison.CandidatePosition} of {target}; switch once it has caught up.", comparison);
        if (!comparison.Equal)
            return SwitchOutcome.Refused(RejectionCodes.VersionsDiffer,
                $"Version {candidate.Number} differs from version {current.Number} in {comparison.Differences.Count} entities beyond the fields " +
                $"the version change explains ({string.Join(", ", comparison.ExpectedDifferences)}); first: {comparison.Differences[0].Entity}.", comparison);

        var switched = new ServingGeneration(LineItemVersionsModel.Name, candidate.Number, clock.GetUtcNow(), comparison.ComparedThrough,
            comparison.Entities, comparison.Rows);
        await using var session = store.LightweightSession();
        session.Store(switched);
        await session.SaveChangesAsync(cancellation);
        serving.Remember(switched);
        return new SwitchOutcome(new SwitchAnswer(switched, comparison));
    }

    private async Task<ModelGeneration> CurrentAsync(CancellationToken cancellation) =>
        LineItemVersionsModel.Find(await serving.GenerationAsync(cancellation))!;
}
