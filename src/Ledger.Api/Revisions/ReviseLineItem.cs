using Ledger.Api.Http;
using Ledger.Domain.LineItems;
using Ledger.Domain.Revisions;
using Ledger.Domain.Values;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Api.Revisions;

public sealed record RevisionResult(string Entity, string RevisionId, string LineItemId, int Version, string ContentHash)
{
    public static RevisionResult Of(RevisionRecorded record) => new(record.Entity, record.RevisionId, record.LineItemId, record.Version, record.ContentHash);
}

/// <summary>
/// <c>POST /api/entities/{entity}/revisions</c>: a new value for one line item, with its reason. Idempotent by
/// <c>revisionId</c>; with <c>expectedVersion</c> it is refused (409) unless the line item is still at that version,
/// and of two concurrent revisions of one line item exactly one is recorded.
/// </summary>
public static class ReviseLineItemEndpoint
{
    [WolverinePost("/api/entities/{entity}/revisions", Name = "ReviseLineItem")]
    [Tags("Restatements")]
    [ProducesResponseType<RevisionResult>(StatusCodes.Status201Created)]
    [ProducesResponseType<RevisionResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(string entity, RevisionInput? body, IDocumentSession session, CancellationToken cancellation)
    {
        if (body is null) return LedgerProblems.BodyRequired();
        var rejections = new Rejections();
        if (body.Check(entity, rejections) is not { } command) return LedgerProblems.Validation(rejections);

        var revisionKey = RevisionStream.Key(entity, command.RevisionId);
        var existing = (await session.Events.FetchStreamAsync(revisionKey, token: cancellation))
            .Select(e => e.Data).OfType<RevisionRecorded>().FirstOrDefault();
        var line = existing is null ? await session.Events.FetchForWriting<LineItem>(command.Fact.Line.Id, cancellation) : null;

        switch (RevisionDecision.Decide(command, existing, line?.Aggregate))
        {
            case RevisionDecision.AlreadyRecorded same:
                return Results.Ok(RevisionResult.Of(same.Original));
            case RevisionDecision.Conflict conflict:
                return LedgerProblems.Conflict(RejectionCodes.ExistsWithDifferentContent,
                    $"Revision '{conflict.Original.RevisionId}' was recorded with different content. A recorded revision never changes.");
            case RevisionDecision.UnknownLineItem unknown:
                return LedgerProblems.NotFound(RejectionCodes.LineItemUnknown,
                    $"No line item {unknown.LineItemId} is recorded: a revision changes a published figure, so report it in a filing first.");
            case RevisionDecision.VersionMismatch mismatch:
                return LedgerProblems.Conflict(RejectionCodes.ExpectedVersionMismatch,
                    $"The line item is at version {mismatch.Actual}, not {mismatch.Expected}: read its history and decide again.",
                    new Dictionary<string, object?> { ["expectedVersion"] = mismatch.Expected, ["currentVersion"] = mismatch.Actual });
            case RevisionDecision.Append append:
                session.Events.StartStream(revisionKey, append.Record);
                line!.AppendOne(append.Event);
                return Results.Created($"/api/entities/{entity}/facts/{command.Fact.Line.Concept}/history?period={command.Fact.Line.Period}",
                    RevisionResult.Of(append.Record));
            default:
                throw new InvalidOperationException("unknown revision decision");
        }
    }
}
