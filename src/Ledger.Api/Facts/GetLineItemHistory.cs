using Ledger.Api.Http;
using Ledger.Api.Reading;
using Ledger.Domain.LineItems;
using Ledger.Domain.Values;
using Ledger.Projections.ShareBasis;
using Ledger.Projections.LineItems;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Api.Facts;

/// <summary>A later filing that repeated a version's value.</summary>
public sealed record Confirmation(string FilingId, DateTimeOffset KnownFrom, DateTimeOffset RecordedAt, string Source, string? RecordedBy);

/// <summary>One step of a line item's history: its value on the restated basis of its time, as published, and why.</summary>
public sealed record HistoryStep(
    int Version, string Cause, string CausedBy,
    decimal Value, string Unit, int Decimals, DateOnly? ShareBasisDate,
    decimal ReportedValue, int ReportedDecimals, DateOnly? ReportedShareBasisDate,
    DateTimeOffset KnownFrom, DateTimeOffset? KnownTo, DateTimeOffset RecordedAt, string? RecordedBy,
    string Source, string? Reason, int? Supersedes, string? Note, string? DerivedFrom,
    IReadOnlyList<Confirmation> ConfirmedBy);

public sealed record HistoryAnswer(
    string Entity, string LineItemId, string Concept, string Period, IReadOnlyDictionary<string, string> Dimensions, string Nature,
    long StreamVersion, DateTimeOffset RecordedAsOf, IReadOnlyList<HistoryStep> Versions);

/// <summary>
/// <c>GET /api/entities/{entity}/facts/{concept}/history</c>: every version of one line item, read from its own
/// event stream, plus each share-basis change that moved it, in known-time order, with cause, source and reason.
/// </summary>
public static class GetLineItemHistoryEndpoint
{
    [WolverineGet("/api/entities/{entity}/facts/{concept}/history", Name = "GetLineItemHistory")]
    [Tags("Facts")]
    [ProducesResponseType<HistoryAnswer>(StatusCodes.Status200OK)]
    [ProblemResponse(StatusCodes.Status400BadRequest, RejectionCodes.Validation, RejectionCodes.RequestInvalid)]
    [ProblemResponse(StatusCodes.Status404NotFound, RejectionCodes.LineItemUnknown)]
    public static async Task<IResult> Get(
        string entity, string concept, string? period, string? dimensions, string? nature, string? recordedAsOf,
        IQuerySession session, TimeProvider clock, CancellationToken cancellation)
    {
        var rejections = new Rejections();
        var point = ReadingPoint.Parse(null, recordedAsOf, null, clock, rejections);
        var wanted = ReadingPoint.ParsePeriod(period, required: true, rejections);
        if (!Dimensions.TryParse(dimensions, out var wantedDimensions))
            rejections.Add("dimensions", RejectionCodes.DimensionInvalid, "dimensions is 'Name=Member;Other=Member'.");
        var wantedNature = Nature.Actual;
        if (nature is not null && !NatureNames.TryParse(nature, out wantedNature))
            rejections.Add("nature", RejectionCodes.NatureUnknown, $"nature '{nature}' is not one of actual, forecast, target.");
        if (point is null || wanted is null || rejections.Any) return LedgerProblems.Validation(rejections);

        var id = LineItemIdentity.IdOf(entity, concept, wanted.Value.ToString(), wantedDimensions, wantedNature);
        var events = ((await LineItemLog.EventsOfAsync(session, [id], cancellation)).GetValueOrDefault(id) ?? [])
            .Where(e => e.Stored.Timestamp <= point.RecordedAsOf)
            .ToList();
        if (events.Count == 0)
            return LedgerProblems.NotFound(RejectionCodes.LineItemUnknown, $"No line item {id} is recorded.");

        var state = LineItem.Replay(events.Select(e => e.Event))!;
        var recorded = events.ToDictionary(e => e.Version, e => (At: e.Stored.Timestamp.ToUniversalTime(), By: e.Stored.UserName));
        var splits = (await session.ShareBasisAsync(entity, cancellation))?.Splits ?? [];
        var confirmations = events.Where(e => e.Event is LineItemConfirmed)
            .ToLookup(e => ((LineItemConfirmed)e.Event).ConfirmedVersion,
                e => e.Event is LineItemConfirmed c ? new Confirmation(c.FilingId, c.KnownFrom, e.Stored.Timestamp.ToUniversalTime(), c.Source, e.Stored.UserName) : null!);

        var steps = LineItemHistory.Of(state, splits, point.RecordedAsOf).Select(step => new HistoryStep(
            step.Version, step.Cause.ToName(), step.CausedBy,
            step.Shown.Value, step.Figure.Unit, step.Shown.Decimals, step.Shown.ShareBasisDate,
            step.Figure.Value, step.Figure.Decimals, step.Figure.ShareBasisDate,
            step.KnownFrom, step.KnownTo,
            step.Cause == VersionCause.Split ? splits.First(s => s.SplitId == step.CausedBy).RecordedAt : recorded[step.Version].At,
            step.Cause == VersionCause.Split ? splits.First(s => s.SplitId == step.CausedBy).RecordedBy : recorded[step.Version].By,
            step.Figure.Source, step.Reason, step.Supersedes, step.Figure.Note, step.Figure.DerivedFrom,
            step.Cause == VersionCause.Split ? [] : confirmations[step.Version].ToList())).ToList();

        var line = state.Line;
        return Results.Ok(new HistoryAnswer(entity, id, line.Concept, line.Period, line.Dimensions, line.Nature.ToName(),
            state.Version, point.RecordedAsOf, steps));
    }
}
