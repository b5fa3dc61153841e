using Ledger.Api.Http;
using Ledger.Contracts;
using Ledger.Domain.Values;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Api.Restatements;

/// <param name="Parked">Positions in this range that cannot be shown (see the admin view of parked restatements).</param>
public sealed record RestatementPage(long After, long? Next, IReadOnlyList<Restatement> Restatements, IReadOnlyList<long> Parked);

/// <summary><c>GET /api/restatements?after={position}&amp;limit=</c>: the restatement log in pages, ordered by global position.</summary>
public static class GetRestatementsEndpoint
{
    public const int MaxLimit = 500;

    [WolverineGet("/api/restatements", Name = "GetRestatements")]
    [Tags("Restatements")]
    [ProducesResponseType<RestatementPage>(StatusCodes.Status200OK)]
    [ProblemResponse(StatusCodes.Status400BadRequest, RejectionCodes.Validation, RejectionCodes.RequestInvalid)]
    public static async Task<IResult> Get(long? after, int? limit, IQuerySession session, CancellationToken cancellation)
    {
        var rejections = new Rejections();
        if (after is < 0) rejections.Add("after", RejectionCodes.QueryInvalid, "after is a global position, 0 or more.");
        if (limit is < 1 or > MaxLimit) rejections.Add("limit", RejectionCodes.QueryInvalid, $"limit is between 1 and {MaxLimit}.");
        if (rejections.Any) return LedgerProblems.Validation(rejections);

        var page = await RestatementLog.ReadAsync(session, after ?? 0, limit ?? 100, cancellation);
        return Results.Ok(new RestatementPage(after ?? 0, page.LastPosition, page.Restatements, page.Parked.Select(p => p.Position).ToList()));
    }
}
