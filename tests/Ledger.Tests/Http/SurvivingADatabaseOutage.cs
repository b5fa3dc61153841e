using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Ledger.Tests.Infrastructure;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Http;

/// <summary>
/// PostgreSQL stopped under a running API process (a private cluster of this test's own, never the shared one):
/// every request gets 503 <c>database_unavailable</c> with <c>Retry-After</c>, and once PostgreSQL is back, without
/// restarting the API, every write acknowledged before the outage is there.
/// </summary>
public sealed class SurvivingADatabaseOutage
{
    [Fact]
    public async Task While_postgresql_is_stopped_requests_get_503_with_retry_after_and_every_acknowledged_write_survives()
    {
        var cluster = Path.Combine(Path.GetTempPath(), $"ledger-outage-{Guid.NewGuid():N}");
        try
        {
            var connectionString = await PostgresAsync("start", cluster);
            var port = connectionString.Split(';').Single(p => p.StartsWith("Port=")).Split('=')[1];
            await using var ledger = ServiceProcess.Api(connectionString);
            await ledger.StartAsync();
            var entity = NewEntity();
            var acknowledged = new List<string>();
            for (var i = 1; i <= 5; i++)
            {
                var response = await ledger.Client.PostAsJsonAsync($"/api/entities/{entity}/filings",
                    Filing($"F-{i}", "2013-02-08", Revenue(1_000m * i, period: $"201{i}-04-01/201{i + 1}-03-31")), LedgerApi.Json);
                if (response.StatusCode == HttpStatusCode.Created) acknowledged.Add($"F-{i}");
            }
            Assert.Equal(5, acknowledged.Count);

            await PostgresAsync("stop", cluster);
            var read = await ledger.Client.GetAsync($"/api/entities/{entity}/facts");
            var write = await ledger.Client.PostAsJsonAsync($"/api/entities/{entity}/filings",
                Filing("F-9", "2013-02-08", Revenue(9_000m)), LedgerApi.Json);

            foreach (var refused in new[] { read, write })
            {
                Assert.Equal("database_unavailable", (await Problem.ReadAsync(refused, HttpStatusCode.ServiceUnavailable)).Code);
                Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
            }

            await PostgresAsync("start", cluster, port);
            await Eventually.GetAsync(async () => (await ledger.Client.GetAsync("/health/ready")).StatusCode, s => s == HttpStatusCode.OK,
                TimeSpan.FromSeconds(60), "ready again");
            foreach (var filingId in acknowledged)
                Assert.Equal(HttpStatusCode.OK, (await ledger.Client.GetAsync($"/api/entities/{entity}/filings/{filingId}")).StatusCode);
        }
        finally
        {
            await PostgresAsync("destroy", cluster);
        }
    }

    /// <summary>scripts/postgres.sh, the project's own way to run a private cluster; its last output line is the connection string.</summary>
    private static async Task<string> PostgresAsync(string verb, string cluster, string? port = null)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Ledger.sln"))) root = root.Parent;
        var start = new ProcessStartInfo(Path.Combine(root!.FullName, "scripts", "postgres.sh"), [verb, cluster])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // A port away from the shared cluster's, and the same one again on restart so the API's pool finds it.
        start.Environment["LEDGER_PG_PORT"] = port ?? "55400";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"postgres.sh {verb} failed: {await errors}");
        return (await output).Trim().Split('\n').LastOrDefault() ?? "";
    }
}
