using Ledger.Api.Reading;
using Ledger.Projections.LineItemVersions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ledger.Api.Hosting;

/// <summary>
/// Not ready while the generation that serves queries (a switch made earlier, on any node) is one this service does not
/// keep: nothing here would apply new events to it, so its answers would fall behind the log. The check says which
/// setting keeps it.
/// </summary>
public sealed class ServingGenerationHealthCheck(ServingGenerations serving, KeptGenerations kept) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var generation = await serving.GenerationAsync(cancellationToken);
        return kept.Keeps(generation)
            ? HealthCheckResult.Healthy($"Version {generation} of the line-item versions model serves, and this service keeps it.")
            : HealthCheckResult.Unhealthy($"Version {generation} of the line-item versions model serves queries, but nothing here keeps it up to date. " +
                KeptGenerations.HowToKeep(generation));
    }
}
