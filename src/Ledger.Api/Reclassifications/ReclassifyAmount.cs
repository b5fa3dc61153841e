using Ledger.Api.Http;
using Ledger.Domain.LineItems;
using Ledger.Domain.Reclassifications;
using Ledger.Domain.Values;
using Marten;
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
    [WolverinePost("/api/entities/{entity}/reclassifications", Name = "ReclassifyAmount")]
    [Tags("Restatements")]
    [ProducesResponseType<ReclassificationResult>(StatusCodes.Status201Created)]
    [ProducesResponseType<ReclassificationResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity)]
    public static async Task<IResult> Post(string entity, ReclassificationInput? body, IDocumentSession session, CancellationToken cancellation)
    {
        if (body is null) return LedgerProblems.BodyRequired();
        var rejections = new Rejections();
        if (body.Check(entity, rejections) is not { } command) return LedgerProblems.Validation(rejections);

        var key = ReclassificationStream.Key(entity, command.ReclassificationId);
        var existing = (await session.Events.FetchStreamAsync(key, token: cancellation)).Select(e => e.Data).OfType<AmountReclassified>().FirstOrDefault();
        var lines = existing is null ? await session.Events.FetchManyForWriting<LineItem>([command.From.Id, command.To.Id], cancellation) : [];
        var byId = lines.ToDictionary(l => l.Key!);

        switch (ReclassificationDecision.Decide(command, existing, byId.GetValueOrDefault(command.From.Id)?.Aggregate, byId.GetValueOrDefault(command.To.Id)?.Aggregate))
        {
            case ReclassificationDecision.AlreadyRecorded same:
                return Results.Ok(ReclassificationResult.Of(same.Original));
            case ReclassificationDecision.Conflict:
                return LedgerProblems.Conflict(RejectionCodes.ExistsWithDifferentContent,
                    $"Reclassification '{command.ReclassificationId}' was recorded with different content. A recorded reclassification never changes.");
            case ReclassificationDecision.Refused refused:
                return LedgerProblems.Unprocessable(refused.Code, refused.Detail);
            case ReclassificationDecision.Append append:
                session.Events.StartStream(key, append.Record);
                byId[command.From.Id].AppendOne(append.Record.From);
                byId[command.To.Id].AppendOne(append.Record.To);
                return Results.Created($"/api/restatements?after=0", ReclassificationResult.Of(append.Record));
            default:
                throw new InvalidOperationException("unknown reclassification decision");
        }
    }
}
