using Ledger.Api.Http;
using Ledger.Api.Telemetry;
using Ledger.Domain.Imports;
using Ledger.Domain.ShareBasis;
using Ledger.Domain.Values;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Api.Imports;

/// <summary>
/// <c>POST /api/entities/{entity}/imports/xbrl-json?filingId=&amp;title=&amp;knownFrom=</c>: records an xBRL-JSON (OIM)
/// report as one filing. The filing id, title and known-from date come from the query or from the report's
/// <c>ledger:</c> properties. 201 recorded, 200 already recorded, 400 naming each bad fact (nothing recorded),
/// 409 when the id was recorded with different content.
/// </summary>
public static class ImportXbrlJsonEndpoint
{
    [WolverinePost("/api/entities/{entity}/imports/xbrl-json", Name = "ImportXbrlJson")]
    [Tags("Imports")]
    [Consumes("application/json")]
    [ProducesResponseType<ImportResult>(StatusCodes.Status201Created)]
    [ProducesResponseType<ImportResult>(StatusCodes.Status200OK)]
    [ProblemResponse(StatusCodes.Status400BadRequest, RejectionCodes.Validation, RejectionCodes.RequestInvalid)]
    [ProblemResponse(StatusCodes.Status409Conflict, RejectionCodes.ExistsWithDifferentContent, RejectionCodes.ConcurrentChange)]
    [ProblemResponse(StatusCodes.Status413PayloadTooLarge, RejectionCodes.ImportTooLarge)]
    public static async Task<IResult> Post(string entity, string? filingId, string? title, string? knownFrom, HttpRequest request,
        IDocumentStore store, ShareBasisPolicy policy, ImportSettings settings, CancellationToken cancellation)
    {
        var (document, problem) = await ImportBody.ReadAsync(request, settings, cancellation);
        if (document is null) return problem!;
        using (document)
        {
            ImportedFiling filing;
            int skipped;
            try { (filing, skipped) = XbrlJson.Read(document.RootElement, filingId, title, knownFrom); }
            catch (ImportFormatException malformed) { return ImportBody.Malformed(malformed); }

            var result = await FilingImporter.ImportAsync(store, entity, [filing], policy, skipped, request.HttpContext.User.Identity?.Name, null, cancellation);
            var only = result.Results[0];
            return only.Outcome switch
            {
                ImportedFilingResult.Recorded => Results.Created($"/api/entities/{entity}/filings/{only.FilingId}", result),
                ImportedFilingResult.AlreadyRecorded => Results.Ok(result),
                _ when only.Code == RejectionCodes.ExistsWithDifferentContent => LedgerProblems.Conflict(only.Code, only.Detail!),
                _ => LedgerProblems.Validation(only.Errors ?? [new Rejection("body", only.Code!, only.Detail!)]),
            };
        }
    }
}
