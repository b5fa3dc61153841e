using System.Net;
using System.Net.Http.Json;
using Ledger.Api.Restatements;
using Ledger.Tests.Infrastructure;
using static Ledger.Tests.Http.SubscribingToRestatements;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Http;

/// <summary>
/// Delivery to the sample subscriber across the death of an API node: SIGKILL right after an append, and the node that
/// publishes killed while another runs. Each test has its own database and processes, so the class runs beside the
/// shared collection.
/// </summary>
public sealed class FailingOverThePublisher
{
    [Fact]
    public async Task A_restatement_appended_just_before_the_api_is_killed_is_still_delivered_after_it_restarts()
    {
        var database = await PostgresServer.CreateDatabaseAsync("ledger_kill");
        await using var ledger = ServiceProcess.Api(database);
        await using var subscriber = ServiceProcess.Subscriber(database);
        await ledger.StartAsync();
        await subscriber.StartAsync();
        var entity = NewEntity();
        Assert.Equal(HttpStatusCode.Created, (await ledger.Client.PostAsJsonAsync($"/api/entities/{entity}/filings", Filing("Q3", "2013-02-08", Revenue(1_000_000m)), LedgerApi.Json)).StatusCode);

        for (var i = 1; i <= 3; i++)
        {
            var revision = Revision($"R-{i}", Revenue(1_000_000m + i * 1_000m), "2013-03-01", "error correction");
            Assert.Equal(HttpStatusCode.Created, (await ledger.Client.PostAsJsonAsync($"/api/entities/{entity}/revisions", revision, LedgerApi.Json)).StatusCode);
            // SIGKILL right after the append committed: the publisher may not have run, or may have stored the
            // message in the outbox without sending it. Either way the restart must deliver it.
            await ledger.KillAsync();
            await ledger.StartAsync();
        }

        var received = await Eventually.GetAsync(() => ReceivedAsync(subscriber, entity), r => r.Count >= 3, TimeSpan.FromSeconds(90), "three revisions after three kills");
        Assert.Equal(["R-1", "R-2", "R-3"], received.Select(r => r.Restatement.RestatementId));
    }

    /// <summary>
    /// "About a second": the survivor polls for the daemon's advisory lock, which PostgreSQL frees as soon as the
    /// killed node's connection drops. The bound leaves room for a loaded machine, not for a minute-long gap.
    /// </summary>
    private static readonly TimeSpan TakeOverBound = TimeSpan.FromSeconds(5);

    private static async Task<bool> RunsPublisherAsync(ServiceProcess node, string database) =>
        (await new Operator(node.Client, database).StatesAsync()).Single(s => s.Name == RestatementPublisher.Name).RunsHere == true;

    [Fact]
    public async Task With_two_api_nodes_the_one_that_publishes_is_killed_and_the_other_takes_over_within_seconds_without_losing_a_restatement()
    {
        var database = await PostgresServer.CreateDatabaseAsync("ledger_nodes");
        await using var first = ServiceProcess.Api(database);
        await using var second = ServiceProcess.Api(database);
        await using var subscriber = ServiceProcess.Subscriber(database);
        await first.StartAsync();
        await second.StartAsync();
        await subscriber.StartAsync();
        var entity = NewEntity();
        await first.Client.PostAsJsonAsync($"/api/entities/{entity}/filings", Filing("Q3", "2013-02-08", Revenue(1_000_000m)), LedgerApi.Json);

        async Task ReviseOnAsync(ServiceProcess node, int i) => Assert.Equal(HttpStatusCode.Created, (await node.Client.PostAsJsonAsync(
            $"/api/entities/{entity}/revisions", Revision($"R-{i:D2}", Revenue(1_000_000m + i * 1_000m), "2013-03-01", "fail-over"), LedgerApi.Json)).StatusCode);
        for (var i = 1; i <= 10; i++) await ReviseOnAsync(i % 2 == 0 ? first : second, i);
        await Eventually.GetAsync(() => ReceivedAsync(subscriber, entity), r => r.Count >= 10, TimeSpan.FromSeconds(60), "the first ten");

        // Ask which node holds the publisher, SIGKILL that one, and time how long the survivor takes to run it.
        var runs = await Eventually.GetAsync(async () => new[] { await RunsPublisherAsync(first, database), await RunsPublisherAsync(second, database) },
            r => r.Count(x => x) == 1, TimeSpan.FromSeconds(30), "exactly one node to run the publisher");
        var (owner, survivor) = runs[0] ? (first, second) : (second, first);
        await owner.KillAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Eventually.GetAsync(() => RunsPublisherAsync(survivor, database), r => r, TakeOverBound, "the survivor to take the publisher over");
        var takeOver = clock.Elapsed;
        Console.WriteLine($"publisher take-over after SIGKILL: {takeOver.TotalMilliseconds:F0} ms");
        Assert.True(takeOver < TakeOverBound, $"take-over took {takeOver}");
        for (var i = 11; i <= 20; i++) await ReviseOnAsync(survivor, i);

        var received = await Eventually.GetAsync(() => ReceivedAsync(subscriber, entity), r => r.Count >= 20, TimeSpan.FromSeconds(90), "all twenty after the fail-over");
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"R-{i:D2}"), received.Select(r => r.Restatement.RestatementId));
    }
}
