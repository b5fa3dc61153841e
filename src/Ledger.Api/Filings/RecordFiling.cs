using Ledger.Api.Http;
using Ledger.Domain.Filings;
using Ledger.Domain.ShareBasis;
using Ledger.Domain.Values;
using Ledger.Projections;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Api.Filings;

/// <summary>
/// <c>POST /api/entities/{entity}/filings</c>: records a published document's facts atomically.
/// 201 with the result; the same filingId with the same content again gives 200 and the original result;
/// the same filingId with different content gives 409 <c>exists_with_different_content</c>.
/// </summary>
public static class RecordFilingEndpoint
{
    public static (RecordFiling?, ProblemDetails) Validate(string entity, FilingInput? body, ShareBasisPolicy policy) =>
        CheckedCommand.Of(body, (input, rejections) => input.Check(entity, rejections, policy));

    public static Task<FilingWrite> LoadAsync(RecordFiling command, IDocumentSession session, CancellationToken cancellation) =>
        FilingWrite.LoadAsync(session, command, cancellation);

    [WolverinePost("/api/entities/{entity}/filings", Name = "RecordFiling")]
    [Tags("Filings")]
    [ProducesResponseType<FilingResult>(StatusCodes.Status201Created)]
    [ProducesResponseType<FilingResult>(StatusCodes.Status200OK)]
    [ProblemResponse(StatusCodes.Status400BadRequest, RejectionCodes.Validation, RejectionCodes.RequestInvalid)]
    [ProblemResponse(StatusCodes.Status409Conflict, RejectionCodes.ExistsWithDifferentContent, RejectionCodes.ConcurrentChange)]
    public static IResult Post(FilingInput? body, RecordFiling command, FilingWrite write, IDocumentSession session)
    {
        switch (write.Decide(command))
        {
            case FilingDecision.Append append:
                write.Append(session, append);
                return Results.Created($"/api/entities/{command.Entity}/filings/{command.FilingId}", FilingResult.From(append.Filing));
            case FilingDecision.AlreadyRecorded same:
                return Results.Ok(FilingResult.From(same.Original));
            case FilingDecision.Conflict conflict:
                return LedgerProblems.Conflict(RejectionCodes.ExistsWithDifferentContent,
                    $"Filing '{conflict.Original.FilingId}' was recorded with different content (hash {conflict.Original.ContentHash}). " +
                    "A filing never changes: send a revision, or a new filing that restates it.",
                    new Dictionary<string, object?> { ["originalContentHash"] = conflict.Original.ContentHash });
            default:
                throw new InvalidOperationException("unknown filing decision");
        }
    }
}

/// <summary><c>GET /api/entities/{entity}/filings/{filingId}</c>: what a filing did, as answered when it was recorded.</summary>
public static class GetFilingEndpoint
{
    [WolverineGet("/api/entities/{entity}/filings/{filingId}", Name = "GetFiling")]
    [Tags("Filings")]
    [ProducesResponseType<FilingResult>(StatusCodes.Status200OK)]
    [ProblemResponse(StatusCodes.Status404NotFound, RejectionCodes.FilingUnknown)]
    public static async Task<IResult> Get(string entity, string filingId, IQuerySession session, CancellationToken cancellation) =>
        await session.RecordOfAsync<FilingRecorded>(FilingStream.Key(entity, filingId), cancellation) is { } filing
            ? Results.Ok(FilingResult.From(filing))
            : LedgerProblems.NotFound(RejectionCodes.FilingUnknown, $"No filing '{filingId}' is recorded for entity '{entity}'.");
}
