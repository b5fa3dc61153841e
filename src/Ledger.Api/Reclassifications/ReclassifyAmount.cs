using Ledger.Api.Http;
using Ledger.Domain.LineItems;
using Ledger.Domain.Reclassifications;
using Ledger.Domain.Values;
using Ledger.Projections;
using Ledger.Projections.LineItems;
using Marten;
using JasperFx.Events;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Api.Reclassifications;

public sealed record ReclassifiedLine(string LineItemId, decimal OldValue, decimal NewValue);

public sealed record ReclassificationResult(string Entity, string ReclassificationId, decimal Amount, ReclassifiedLine From, ReclassifiedLine To)
{
    public static ReclassificationResult Of(AmountReclassified e) => new(e.Entity, e.ReclassificationId, e.Amount,
        new ReclassifiedLine(e.From.LineItemId, e.From.Previous.Value, e.From.Figure.Value),
        new ReclassifiedLine(e.To.LineItemId, e.To.Previous.Value, e.To.Figure.Value));
}

/// <summary>
/// <c>POST /api/entities/{entity}/reclassifications</c>: moves an amount between two line items of one period.
/// Both halves and the reclassification's record are one append and commit together or not at all; the line-item
/// log's key checks each half's version against what another writer may have committed meanwhile.
/// </summary>
public static class ReclassifyAmountEndpoint
{
    public static (ReclassifyAmount?, ProblemDetails) Validate(string entity, ReclassificationInput? body) =>
        CheckedCommand.Of(body, (input, rejections) => input.Check(entity, rejections));

    /// <summary>The reclassification's record if its id was used; otherwise both line items, remembering the versions read.</summary>
    public static async Task<(AmountReclassified?, IReadOnlyDictionary<string, LineItem>)> LoadAsync(
        ReclassifyAmount command, IDocumentSession session, CancellationToken cancellation)
    {
        var existing = await session.RecordOfAsync<AmountReclassified>(ReclassificationStream.Key(command.Entity, command.ReclassificationId), cancellation);
        return (existing, existing is null ? await LineItemLog.StatesOfAsync(session, [command.From.Id, command.To.Id], cancellation) : new Dictionary<string, LineItem>());
    }

    [WolverinePost("/api/entities/{entity}/reclassifications", Name = "ReclassifyAmount")]
    [Tags("Restatements")]
    [ProducesResponseType<ReclassificationResult>(StatusCodes.Status201Created)]
    [ProducesResponseType<ReclassificationResult>(StatusCodes.Status200OK)]
    [ProblemResponse(StatusCodes.Status400BadRequest, RejectionCodes.Validation, RejectionCodes.RequestInvalid)]
    [ProblemResponse(StatusCodes.Status409Conflict, RejectionCodes.ExistsWithDifferentContent, RejectionCodes.ConcurrentChange)]
    [ProblemResponse(StatusCodes.Status422UnprocessableEntity, RejectionCodes.LineItemUnknown, RejectionCodes.UnitsDiffer, RejectionCodes.ValueOutOfRange)]
    public static IResult Post(ReclassificationInput? body, ReclassifyAmount command, AmountReclassified? existing,
        IReadOnlyDictionary<string, LineItem> lines, IDocumentSession session)
    {
        switch (ReclassificationDecision.Decide(command, existing, lines.GetValueOrDefault(command.From.Id), lines.GetValueOrDefault(command.To.Id)))
        {
            case ReclassificationDecision.Append append:
                // One append: the record and both halves (each guarded by the line-item log's key).
                session.Events.StartStream(ReclassificationStream.Key(command.Entity, command.ReclassificationId), append.Record, append.Record.From, append.Record.To);
                return Results.Created($"/api/restatements?after=0", ReclassificationResult.Of(append.Record));
            case ReclassificationDecision.AlreadyRecorded same:
                return Results.Ok(ReclassificationResult.Of(same.Original));
            case ReclassificationDecision.Conflict:
                return LedgerProblems.Conflict(RejectionCodes.ExistsWithDifferentContent,
                    $"Reclassification '{command.ReclassificationId}' was recorded with different content. A recorded reclassification never changes.");
            case ReclassificationDecision.Refused refused:
                return LedgerProblems.Unprocessable(refused.Code, refused.Detail);
            default:
                throw new InvalidOperationException("unknown reclassification decision");
        }
    }
}
