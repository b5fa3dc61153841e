using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using JasperFx.Events.Daemon;
using Ledger.Api.Hosting;
using Ledger.Api.Trust;
using Ledger.Domain.Values;
using Ledger.Projections.LineItemVersions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;
using static Ledger.Benchmarks.Measure;

namespace Ledger.Benchmarks;

/// <summary>
/// What the trust layer costs: the same filings appended over HTTP, and the same as-of question asked over HTTP, of the
/// run's service (bearer tokens checked, the hash chain written behind the log) and of a second service in this process
/// on a database of its own without either (no authorization policy, the chain's subscription stopped), taken in turns
/// so the shared machine's load falls on both alike.
/// </summary>
public static class TrustMeasurement
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<IReadOnlyList<ResultRow>> RunAsync(BenchmarkRun run, string server)
    {
        var untrusted = await UntrustedServiceAsync(server);
        try
        {
            using var open = new HttpClient { BaseAddress = untrusted.Address };
            await using var openDatabase = NpgsqlDataSource.Create(untrusted.Database);
            var trusted = new Side(run.Http, run.Raw, run.Services);
            var without = new Side(open, openDatabase, untrusted.App.Services, EventChainWriter.SubscriptionName);
            // Whatever earlier measurements left for the daemons is done first.
            await CaughtUpAsync(trusted);
            await CaughtUpAsync(without);
            var (append, appendWithout) = await AppendAsync(run, trusted, without);
            var entity = run.Ledger.Entity(run.Entities);
            var url = $"/api/entities/{entity}/facts?period={SyntheticLedger.Quarter(0)}&asOf={KnownTime.EndOf(new DateOnly(2099, 12, 31)):O}".Replace("+", "%2B");
            var timed = await InterleavedAsync([i => GetAsync(run.Http, url), i => GetAsync(open, url)], warmUp: 20, run.Samples);
            var (asOf, asOfWithout) = (timed[0], timed[1]);
            return [
                new("append over HTTP with tokens and the hash chain (facts/s)", $"{append:N0}", $"{appendWithout:N0} without either",
                    BenchmarkRun.Ratio(appendWithout / append) + " time", "≤ 110 %"),
                new("as-of statement over HTTP with tokens and the chain head, p50 / p99 (ms)", $"{asOf.P50Ms:F2} / {asOf.P99Ms:F2}",
                    $"{asOfWithout.P50Ms:F2} / {asOfWithout.P99Ms:F2} without either", BenchmarkRun.Ratio(asOf.P50Ms / asOfWithout.P50Ms) + " (p50)", "≤ 110 %"),
            ];
        }
        finally
        {
            await untrusted.App.StopAsync();
            await untrusted.App.DisposeAsync();
        }
    }

    /// <summary>A service measured: its client, its database and its services (for its daemon).</summary>
    /// <param name="Stopped">The daemon's shards stopped on purpose on this side (the chain's, on the side without trust).</param>
    private sealed record Side(HttpClient Client, NpgsqlDataSource Database, IServiceProvider Services, params string[] Stopped);

    /// <summary>
    /// Facts per second for each service: two writers, one entity each, post the same filings to one service and then
    /// the other, the order alternating round by round. A service's turn lasts until its daemon has processed what the
    /// turn appended (projections, publisher and, where it runs, the chain), so the chain's work counts where it is
    /// done and no turn pays for the other's. Each service's time is the sum of its turns.
    /// </summary>
    private static async Task<(double With, double Without)> AppendAsync(BenchmarkRun run, Side trusted, Side open)
    {
        var rounds = run.Quick ? 2 : 8;
        var filings = Math.Min(run.FilingsPerEntity, run.Quick ? 2 : 8);
        var (with, without) = (TimeSpan.Zero, TimeSpan.Zero);
        for (var r = 0; r < rounds; r++)
        {
            // Entities after the run's own, so the two services hold exactly the same filings.
            int[] entities = [run.Entities + 2 * r, run.Entities + 2 * r + 1];
            foreach (var side in r % 2 == 0 ? [trusted, open] : new[] { open, trusted })
            {
                var started = Stopwatch.GetTimestamp();
                await Parallel.ForEachAsync(entities, async (e, ct) =>
                {
                    for (var q = 0; q < filings; q++)
                    {
                        using var response = await side.Client.PostAsJsonAsync($"/api/entities/{run.Ledger.Entity(e)}/filings", run.Ledger.Filing(e, q), Json, ct);
                        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                    }
                });
                await CaughtUpAsync(side);
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (side == trusted) with += elapsed;
                else without += elapsed;
            }
        }
        var facts = (double)rounds * 2 * filings * BenchmarkRun.FactsPerFiling;
        return (facts / with.TotalSeconds, facts / without.TotalSeconds);
    }

    private static Task CaughtUpAsync(Side side) => BenchmarkRun.DaemonCaughtUpAsync(side.Services, side.Database, side.Stopped);

    private static async Task GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    private sealed record Untrusted(WebApplication App, Uri Address, string Database);

    /// <summary>The same service on a database of its own, with every route open and the chain's subscription stopped.</summary>
    private static async Task<Untrusted> UntrustedServiceAsync(string server)
    {
        var database = await BenchmarkRun.CreateDatabaseAsync(server);
        var builder = WebApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [LedgerHosting.ConnectionStringKey] = database,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddLedger();
        // No fallback policy: a route without its own policy (all of them) is open, and no token is read.
        builder.Services.PostConfigure<AuthorizationOptions>(options => options.FallbackPolicy = null);
        var app = builder.Build();
        app.MapLedger();
        await app.StartAsync();

        var coordinator = app.Services.GetRequiredService<IProjectionCoordinator>();
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
        while (true)
        {
            if (coordinator.DaemonForMainDatabase() is { IsRunning: true } daemon
                && daemon.CurrentAgents().FirstOrDefault(a => a.Name.Name == EventChainWriter.SubscriptionName) is { } chain)
            {
                await daemon.StopAgentAsync(chain.Name.Identity);
                break;
            }
            if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException("the second service's daemon never started the chain's subscription");
            await Task.Delay(100);
        }
        // The same read model generation as the run's service, so that the two differ only in tokens and the chain.
        await BenchmarkRun.ServeGenerationAsync(app.Services, LineItemVersionsGeneration3.Generation);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Untrusted(app, new Uri(address), database);
    }
}
