using Ledger.Api.Http;
using Ledger.Domain.Values;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Api.Trust;

/// <summary>
/// <c>GET /api/admin/integrity</c>: the hash chain recomputed from the events as stored, against the stored links;
/// <c>GET /api/admin/integrity/digest</c>: the head of a chain that holds, to keep outside the database and check later
/// with <c>verify --digest</c>. The <c>verify</c> command runs the same code.
/// </summary>
public static class CheckIntegrityEndpoints
{
    [WolverineGet("/api/admin/integrity", Name = "CheckIntegrity")]
    [Tags("Operations")]
    public static Task<IntegrityReport> Get(IQuerySession session, CancellationToken cancellation) =>
        ChainVerification.VerifyAsync(session.Database, cancellation);

    [WolverineGet("/api/admin/integrity/digest", Name = "GetIntegrityDigest")]
    [Tags("Operations")]
    [ProducesResponseType<ChainDigest>(StatusCodes.Status200OK)]
    [ProblemResponse(StatusCodes.Status409Conflict, RejectionCodes.ChainBroken)]
    public static async Task<IResult> Digest(IQuerySession session, TimeProvider clock, CancellationToken cancellation) =>
        await DigestAsync(session.Database, clock, cancellation) switch
        {
            (ChainDigest digest, _) => Results.Ok(digest),
            (_, var report) => LedgerProblems.Conflict(RejectionCodes.ChainBroken,
                report.FirstBroken is { } broken
                    ? $"The hash chain does not hold from position {broken.Position}: no digest is given for it."
                    : "The hash chain has no link yet: no event has been chained.",
                new Dictionary<string, object?> { ["integrity"] = report }),
        };

    /// <summary>The digest of the head, only when the whole chain up to it has just been verified.</summary>
    public static async Task<(ChainDigest? Digest, IntegrityReport Report)> DigestAsync(
        Marten.Storage.IMartenDatabase database, TimeProvider clock, CancellationToken cancellation)
    {
        var report = await ChainVerification.VerifyAsync(database, cancellation);
        return report is { Intact: true, Head: { } head }
            ? (new ChainDigest(head.Position, head.Hash, clock.GetUtcNow()), report)
            : (null, report);
    }
}
