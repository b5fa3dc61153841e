using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Wolverine.Http;

namespace Ledger.Api.Restatements;

/// <summary>A restatement the publisher could not publish, parked in Marten's dead-letter table.</summary>
public sealed record ParkedRestatementView(long Position, string Reason, string ExceptionType, DateTimeOffset ParkedAt);

/// <summary>
/// <c>GET /api/admin/restatements/parked</c>: what the restatement publisher parked instead of stopping, oldest
/// first, so an operator can see which record it was and why.
/// </summary>
public static class ParkedRestatementsEndpoint
{
    [WolverineGet("/api/admin/restatements/parked", Name = "GetParkedRestatements")]
    [Tags("Operations")]
    public static async Task<IReadOnlyList<ParkedRestatementView>> Get(IQuerySession session, CancellationToken cancellation) =>
        (await ReadAsync(session, cancellation)).Select(d => new ParkedRestatementView(d.EventSequence, d.ExceptionMessage, d.ExceptionType, d.Timestamp)).ToList();

    public static async Task<IReadOnlyList<DeadLetterEvent>> ReadAsync(IQuerySession session, CancellationToken cancellation) =>
        await session.Query<DeadLetterEvent>()
            .Where(d => d.ProjectionName == RestatementPublisher.Name)
            .OrderBy(d => d.EventSequence)
            .Take(1_000)
            .ToListAsync(cancellation);
}

/// <summary>
/// Readiness says "Degraded" (still 200: the ledger answers) while the publisher holds parked restatements, so a
/// monitor notices that a subscriber will never receive them.
/// </summary>
public sealed class ParkedRestatementsHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var parked = await session.Query<DeadLetterEvent>().Where(d => d.ProjectionName == RestatementPublisher.Name).CountAsync(cancellationToken);
        return parked == 0
            ? HealthCheckResult.Healthy("No restatement is parked.")
            : HealthCheckResult.Degraded($"{parked} restatement(s) parked: see GET /api/admin/restatements/parked.",
                data: new Dictionary<string, object> { ["parked"] = parked });
    }
}
