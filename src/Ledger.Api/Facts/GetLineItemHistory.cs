using Ledger.Api.Hosting;
using Ledger.Domain.LineItems;
using Ledger.Domain.Values;
using Ledger.Projections.LineItemVersions;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Api.Facts;

/// <summary>A later filing that repeated a version's value.</summary>
public sealed record Confirmation(string FilingId, DateTimeOffset KnownFrom, DateTimeOffset RecordedAt, string Source);

/// <summary>One version of a line item with both its intervals and what caused it.</summary>
public sealed record HistoryVersion(
    int Version, decimal Value, string Unit, int Decimals, DateOnly? ShareBasisDate,
    DateTimeOffset KnownFrom, DateTimeOffset? KnownTo, bool InForce, DateTimeOffset RecordedAt,
    string Cause, string CausedBy, string Source, string? Reason, int? Supersedes, string? Note, string? DerivedFrom,
    IReadOnlyList<Confirmation> ConfirmedBy);

public sealed record HistoryAnswer(
    string Entity, string LineItemId, string Concept, string Period, IReadOnlyDictionary<string, string> Dimensions, string Nature,
    long StreamVersion, IReadOnlyList<HistoryVersion> Versions);

/// <summary>
/// <c>GET /api/entities/{entity}/facts/{concept}/history</c>: every version of one line item, read from its own
/// event stream, with the known interval each holds today (<c>knownTo</c>), its recorded time, cause, source and reason.
/// </summary>
public static class GetLineItemHistoryEndpoint
{
    [WolverineGet("/api/entities/{entity}/facts/{concept}/history", Name = "GetLineItemHistory")]
    [Tags("Facts")]
    [ProducesResponseType<HistoryAnswer>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(
        string entity, string concept, string? period, string? dimensions, string? nature,
        IQuerySession session, CancellationToken cancellation)
    {
        var rejections = new Rejections();
        var wanted = Facts.ReadingPoint.ParsePeriod(period, required: true, rejections);
        if (!Dimensions.TryParse(dimensions, out var wantedDimensions))
            rejections.Add("dimensions", RejectionCodes.DimensionInvalid, "dimensions is 'Name=Member;Other=Member'.");
        var wantedNature = Nature.Actual;
        if (nature is not null && !NatureNames.TryParse(nature, out wantedNature))
            rejections.Add("nature", RejectionCodes.NatureUnknown, $"nature '{nature}' is not one of actual, forecast, target.");
        if (wanted is null || rejections.Any) return LedgerProblems.Validation(rejections);

        var id = LineItemIdentity.IdOf(entity, concept, wanted.Value.ToString(), wantedDimensions, wantedNature);
        var events = await session.Events.FetchStreamAsync(id, token: cancellation);
        if (events.Count == 0)
            return LedgerProblems.NotFound(RejectionCodes.LineItemUnknown, $"No line item {id} is recorded.");

        var recorded = events.Where(e => e.Data is ILineItemEvent).Select(e => (Event: (ILineItemEvent)e.Data, e.Version, RecordedAt: e.Timestamp.ToUniversalTime())).ToList();
        var state = LineItem.Replay(recorded.Select(r => r.Event))!;
        var recordedAt = recorded.ToDictionary(r => (int)r.Version, r => r.RecordedAt);
        var openIntervals = BitemporalRows.Of(state.Versions.Select(v => new RecordedVersion(v, recordedAt[v.Version])).ToList())
            .Where(r => r.RecordedTo is null)
            .ToDictionary(r => r.Version);
        var confirmations = recorded
            .Where(r => r.Event is LineItemConfirmed)
            .Select(r => (Confirmed: (LineItemConfirmed)r.Event, r.RecordedAt))
            .ToLookup(c => c.Confirmed.ConfirmedVersion, c => new Confirmation(c.Confirmed.FilingId, c.Confirmed.KnownFrom, c.RecordedAt, c.Confirmed.Source));

        var versions = state.Versions.Select(v =>
        {
            var open = openIntervals.GetValueOrDefault(v.Version);
            return new HistoryVersion(v.Version, v.Figure.Value, v.Figure.Unit, v.Figure.Decimals, v.Figure.ShareBasisDate,
                v.KnownFrom, open is null ? v.KnownFrom : open.KnownTo, open is not null && open.KnownTo is null, recordedAt[v.Version],
                v.Cause.ToString().ToLowerInvariant(), v.CausedBy, v.Figure.Source, v.Reason, v.Supersedes, v.Figure.Note, v.Figure.DerivedFrom,
                confirmations[v.Version].ToList());
        }).ToList();

        var line = state.Line;
        return Results.Ok(new HistoryAnswer(entity, id, line.Concept, line.Period, line.Dimensions, line.Nature.ToName(), state.Version, versions));
    }
}
