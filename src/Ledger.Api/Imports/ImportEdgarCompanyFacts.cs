using Ledger.Api.Http;
using Ledger.Domain.Values;
using Ledger.Domain.Imports;
using Ledger.Domain.ShareBasis;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Api.Imports;

/// <summary>
/// <c>POST /api/entities/{entity}/imports/edgar-companyfacts</c>: records an SEC EDGAR companyfacts document as one
/// filing per accession, in filing order, each atomic. 201 when anything was recorded, 200 when everything already
/// was (a re-import appends nothing); each refused filing is listed with its code and the facts it names.
/// </summary>
public static class ImportEdgarCompanyFactsEndpoint
{
    [WolverinePost("/api/entities/{entity}/imports/edgar-companyfacts", Name = "ImportEdgarCompanyFacts")]
    [Tags("Imports")]
    [Consumes("application/json")]
    [ProducesResponseType<ImportResult>(StatusCodes.Status201Created)]
    [ProducesResponseType<ImportResult>(StatusCodes.Status200OK)]
    [ProblemResponse(StatusCodes.Status400BadRequest, RejectionCodes.Validation, RejectionCodes.RequestInvalid)]
    [ProblemResponse(StatusCodes.Status409Conflict, RejectionCodes.ConcurrentChange)]
    [ProblemResponse(StatusCodes.Status413PayloadTooLarge, RejectionCodes.ImportTooLarge)]
    public static async Task<IResult> Post(string entity, HttpRequest request, IDocumentStore store, ShareBasisPolicy policy,
        ImportSettings settings, CancellationToken cancellation)
    {
        var (document, problem) = await ImportBody.ReadAsync(request, settings, cancellation);
        if (document is null) return problem!;
        using (document)
        {
            IReadOnlyList<ImportedFiling> filings;
            try { filings = EdgarCompanyFacts.Read(document.RootElement); }
            catch (ImportFormatException malformed) { return ImportBody.Malformed(malformed); }

            var result = await FilingImporter.ImportAsync(store, entity, filings, policy, 0, request.HttpContext.User.Identity?.Name, null, cancellation);
            return result.Recorded > 0 ? Results.Created($"/api/entities/{entity}/facts", result) : Results.Ok(result);
        }
    }
}
