using System.Security.Claims;
using Ledger.Api.Hosting;
using Ledger.Domain.Filings;
using Ledger.Domain.ShareBasis;
using Ledger.Domain.Values;
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
    [WolverinePost("/api/entities/{entity}/filings", Name = "RecordFiling")]
    [Tags("Filings")]
    [ProducesResponseType<FilingResult>(StatusCodes.Status201Created)]
    [ProducesResponseType<FilingResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    // The filing opens its own repeatable-read session (not Wolverine's), so it names the caller itself.
    public static async Task<IResult> Post(string entity, FilingInput? body, IDocumentStore store, ShareBasisPolicy policy, ClaimsPrincipal user,
        CancellationToken cancellation) =>
        body is null ? LedgerProblems.BodyRequired() : await FilingRecorder.RecordAndCommitAsync(store, entity, body, user.Identity?.Name, cancellation, policy) switch
        {
            FilingOutcome.Recorded recorded => Results.Created($"/api/entities/{entity}/filings/{recorded.Result.FilingId}", recorded.Result),
            FilingOutcome.AlreadyRecorded same => Results.Ok(same.Result),
            FilingOutcome.Conflict conflict => LedgerProblems.Conflict(RejectionCodes.ExistsWithDifferentContent,
                $"Filing '{conflict.Original.FilingId}' was recorded with different content (hash {conflict.Original.ContentHash}). " +
                "A filing never changes: send a revision, or a new filing that restates it.",
                new Dictionary<string, object?> { ["originalContentHash"] = conflict.Original.ContentHash }),
            FilingOutcome.Rejected rejected => LedgerProblems.Validation(rejected.Rejections),
            _ => throw new InvalidOperationException("unknown filing outcome"),
        };
}

/// <summary><c>GET /api/entities/{entity}/filings/{filingId}</c>: what a filing did, as answered when it was recorded.</summary>
public static class GetFilingEndpoint
{
    [WolverineGet("/api/entities/{entity}/filings/{filingId}", Name = "GetFiling")]
    [Tags("Filings")]
    [ProducesResponseType<FilingResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string entity, string filingId, IQuerySession session, CancellationToken cancellation) =>
        await FilingRecorder.LoadAsync(session, FilingStream.Key(entity, filingId), cancellation) is { } filing
            ? Results.Ok(FilingResult.From(filing))
            : LedgerProblems.NotFound(RejectionCodes.FilingUnknown, $"No filing '{filingId}' is recorded for entity '{entity}'.");
}
