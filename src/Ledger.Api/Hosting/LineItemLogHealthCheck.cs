using Ledger.Projections;
using Ledger.Projections.LineItems;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ledger.Api.Hosting;

/// <summary>
/// Not ready while the log holds line-item events and the line-item log holds none: a store recorded before the log
/// existed, started without its offline rebuild. Its decisions would not find the line items recorded before (the
/// read model's key would refuse their writes with 409), so the check names the command that indexes them.
/// </summary>
public sealed class LineItemLogHealthCheck(IDocumentStore store) : IHealthCheck
{
    private static readonly string Sql =
        $"select exists (select 1 from {LedgerStoreOptions.SchemaName}.mt_events where type like 'line_item_%') " +
        $"and not exists (select 1 from {LineItemLog.LogTable})";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return (await session.QueryAsync<bool>(Sql, cancellationToken)).Single()
            ? HealthCheckResult.Unhealthy($"The event log holds line-item events the line-item log does not index. Stop the service on every node " +
                $"and run 'projections rebuild -p {LineItemLog.ShardName}'.")
            : HealthCheckResult.Healthy("The line-item log indexes the line items' events.");
    }
}
