using Ledger.Api.Http;
using Ledger.Domain.LineItems;
using Ledger.Domain.Revisions;
using Ledger.Domain.Values;
using Ledger.Projections;
using Ledger.Projections.LineItems;
using Marten;
using JasperFx.Events;
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
    public static (ReviseLineItem?, ProblemDetails) Validate(string entity, RevisionInput? body) =>
        CheckedCommand.Of(body, (input, rejections) => input.Check(entity, rejections));

    /// <summary>The revision's record if its id was used; otherwise the line item as read (null if the ledger holds none).</summary>
    public static async Task<(RevisionRecorded?, LineItem?)> LoadAsync(ReviseLineItem command, IDocumentSession session, CancellationToken cancellation)
    {
        var existing = await session.RecordOfAsync<RevisionRecorded>(RevisionStream.Key(command.Entity, command.RevisionId), cancellation);
        if (existing is not null) return (existing, null);
        var states = await LineItemLog.StatesOfAsync(session, [command.Fact.Line.Id], cancellation);
        return (null, states.GetValueOrDefault(command.Fact.Line.Id));
    }

    [WolverinePost("/api/entities/{entity}/revisions", Name = "ReviseLineItem")]
    [Tags("Restatements")]
    [ProducesResponseType<RevisionResult>(StatusCodes.Status201Created)]
    [ProducesResponseType<RevisionResult>(StatusCodes.Status200OK)]
    [ProblemResponse(StatusCodes.Status400BadRequest, RejectionCodes.Validation, RejectionCodes.RequestInvalid)]
    [ProblemResponse(StatusCodes.Status404NotFound, RejectionCodes.LineItemUnknown)]
    [ProblemResponse(StatusCodes.Status409Conflict, RejectionCodes.ExistsWithDifferentContent, RejectionCodes.ExpectedVersionMismatch, RejectionCodes.ConcurrentChange)]
    public static IResult Post(RevisionInput? body, ReviseLineItem command, RevisionRecorded? existing, LineItem? line, IDocumentSession session)
    {
        switch (RevisionDecision.Decide(command, existing, line))
        {
            case RevisionDecision.Append append:
                // One append: the record and the revised version (guarded by the line-item log's key).
                session.Events.StartStream(RevisionStream.Key(command.Entity, command.RevisionId), append.Record, append.Event);
                return Results.Created($"/api/entities/{command.Entity}/facts/{command.Fact.Line.Concept}/history?period={command.Fact.Line.Period}",
                    RevisionResult.Of(append.Record));
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
            default:
                throw new InvalidOperationException("unknown revision decision");
        }
    }
}
