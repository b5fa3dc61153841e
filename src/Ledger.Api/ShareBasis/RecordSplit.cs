using Ledger.Api.Http;
using Ledger.Domain.ShareBasis;
using Ledger.Domain.Values;
using Marten;
using JasperFx.Events;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Api.ShareBasis;

public sealed record SplitResult(
    string Entity, string SplitId, int From, int To, DateOnly EffectiveOn, DateTimeOffset KnownFrom, DateTimeOffset InForceFrom, string ContentHash)
{
    public static SplitResult Of(string entity, ShareSplit split) =>
        new(entity, split.SplitId, split.From, split.To, split.EffectiveOn, split.KnownFrom, split.InForceFrom, split.ContentHash);
}

/// <summary>
/// <c>POST /api/entities/{entity}/splits</c>: records a split or consolidation. From the moment it is both known
/// and effective, per-share and share-count figures on an earlier basis are shown restated; as-reported never changes.
/// </summary>
public static class RecordSplitEndpoint
{
    public static (RecordSplit?, ProblemDetails) Validate(string entity, SplitInput? body) =>
        CheckedCommand.Of(body, (input, rejections) => input.Check(entity, rejections));

    /// <summary>The entity's share-basis stream, remembering the version read: a concurrent split on the same entity fails the commit.</summary>
    public static Task<IEventStream<ShareBasisHistory>> LoadAsync(RecordSplit command, IDocumentSession session, CancellationToken cancellation) =>
        session.Events.FetchForWriting<ShareBasisHistory>(ShareBasisStream.Key(command.Entity), cancellation);

    [WolverinePost("/api/entities/{entity}/splits", Name = "RecordSplit")]
    [Tags("Restatements")]
    [ProducesResponseType<SplitResult>(StatusCodes.Status201Created)]
    [ProducesResponseType<SplitResult>(StatusCodes.Status200OK)]
    [ProblemResponse(StatusCodes.Status400BadRequest, RejectionCodes.Validation, RejectionCodes.RequestInvalid)]
    [ProblemResponse(StatusCodes.Status409Conflict, RejectionCodes.ExistsWithDifferentContent, RejectionCodes.ConcurrentChange)]
    [ProblemResponse(StatusCodes.Status422UnprocessableEntity, RejectionCodes.SplitsOutOfRange)]
    public static IResult Post(SplitInput? body, RecordSplit command, IEventStream<ShareBasisHistory> stream)
    {
        switch (SplitDecision.Decide(command, stream.Aggregate))
        {
            case SplitDecision.Append append:
                stream.AppendOne(append.Event);
                // Recorded time is the event store's; until the commit it is not known, so the answer omits it.
                return Results.Created($"/api/entities/{command.Entity}/splits/{command.SplitId}", SplitResult.Of(command.Entity, ShareSplit.Of(append.Event, default)));
            case SplitDecision.AlreadyRecorded same:
                return Results.Ok(SplitResult.Of(command.Entity, same.Original));
            case SplitDecision.Conflict:
                return LedgerProblems.Conflict(RejectionCodes.ExistsWithDifferentContent,
                    $"Split '{command.SplitId}' was recorded with different content. A recorded split never changes.");
            case SplitDecision.Refused refused:
                return LedgerProblems.Unprocessable(refused.Code, refused.Detail);
            default:
                throw new InvalidOperationException("unknown split decision");
        }
    }
}
