using Ledger.Api.Http;
using Ledger.Domain.LineItems;
using Ledger.Domain.Reclassifications;
using Ledger.Domain.Values;
using Ledger.Projections;
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
/// Both halves and the reclassification's record commit together or not at all; each line item's stream checks
/// the version the decision was made on.
/// </summary>
public static class ReclassifyAmountEndpoint
{
    public static (ReclassifyAmount?, ProblemDetails) Validate(string entity, ReclassificationInput? body) =>
        CheckedCommand.Of(body, (input, rejections) => input.Check(entity, rejections));

    /// <summary>The reclassification's record if its id was used; otherwise both line items, remembering the versions read.</summary>
    public static async Task<(AmountReclassified?, IReadOnlyList<IEventStream<LineItem>>)> LoadAsync(
        ReclassifyAmount command, IDocumentSession session, CancellationToken cancellation)
    {
        var existing = await session.RecordOfAsync<AmountReclassified>(ReclassificationStream.Key(command.Entity, command.ReclassificationId), cancellation);
        return (existing, existing is null ? await session.Events.FetchManyForWriting<LineItem>([command.From.Id, command.To.Id], cancellation) : []);
    }

    [WolverinePost("/api/entities/{entity}/reclassifications", Name = "ReclassifyAmount")]
    [Tags("Restatements")]
    [ProducesResponseType<ReclassificationResult>(StatusCodes.Status201Created)]
    [ProducesResponseType<ReclassificationResult>(StatusCodes.Status200OK)]
    [ProblemResponse(StatusCodes.Status400BadRequest, RejectionCodes.Validation, RejectionCodes.RequestInvalid)]
    [ProblemResponse(StatusCodes.Status409Conflict, RejectionCodes.ExistsWithDifferentContent, RejectionCodes.ConcurrentChange)]
    [ProblemResponse(StatusCodes.Status422UnprocessableEntity, RejectionCodes.LineItemUnknown, RejectionCodes.UnitsDiffer, RejectionCodes.ValueOutOfRange)]
    public static IResult Post(ReclassificationInput? body, ReclassifyAmount command, AmountReclassified? existing,
        IReadOnlyList<IEventStream<LineItem>> lines, IDocumentSession session)
    {
        var byId = lines.ToDictionary(l => l.Key!);
        switch (ReclassificationDecision.Decide(command, existing, byId.GetValueOrDefault(command.From.Id)?.Aggregate, byId.GetValueOrDefault(command.To.Id)?.Aggregate))
        {
            case ReclassificationDecision.Append append:
                session.Events.StartStream(ReclassificationStream.Key(command.Entity, command.ReclassificationId), append.Record);
                byId[command.From.Id].AppendOne(append.Record.From);
                byId[command.To.Id].AppendOne(append.Record.To);
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
