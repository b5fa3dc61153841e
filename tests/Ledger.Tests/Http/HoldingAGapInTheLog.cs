using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Ledger.Api.Restatements;
using Ledger.Contracts;
using Ledger.Tests.Infrastructure;
using Npgsql;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Http;

/// <summary>
/// A forced gap: a writer's transaction has taken an event sequence number and not committed, while a later event
/// commits. Whoever reads the log in order (the pages, the stream, the publisher) must wait at the gap, past the
/// event store's stale-sequence threshold, and must carry on once the writer commits or rolls back.
/// </summary>
[Collection(LedgerApiCollection.Name)]
public sealed class HoldingAGapInTheLog(LedgerApi api)
{
    /// <summary>Longer than the daemon's stale-sequence threshold (3 s), after which it stops waiting for a gap to fill.</summary>
    private static readonly TimeSpan HeldFor = TimeSpan.FromSeconds(5);

    private sealed record Received(long Position, Restatement Restatement, int Deliveries);

    [Fact]
    public async Task A_late_commit_below_a_committed_event_is_read_first_everywhere_and_a_rolled_back_gap_stalls_nothing()
    {
        await using var subscriber = ServiceProcess.Subscriber(api.ConnectionString);
        await subscriber.StartAsync();

        // Committed late: nobody passes the gap while it is open, then everybody reads the held event first.
        var (entity, start) = await GivenAFilingAsync();
        await using (var stream = Follow(start, entity))
        await using (var held = await HeldRevision.HoldAsync(api, entity))
        {
            await ReviseRevenueAsync(entity, "R-LATER");
            await Task.Delay(HeldFor);

            Assert.Empty(await LogAsync(start, entity));
            Assert.Empty(stream.Seen);
            Assert.Empty(await ReceivedAsync(subscriber, start, entity));
            Assert.True(await PublisherPositionAsync() < held.Position, "the publisher passed the uncommitted sequence number");

            await held.Transaction.CommitAsync();

            await AllSeeAsync(subscriber, stream, start, entity, ["R-HELD", "R-LATER"]);
            Assert.Equal(held.Position, (await LogAsync(start, entity))[0].Position);
        }

        // Rolled back: the sequence number is never used, and the later event still arrives everywhere.
        (entity, start) = await GivenAFilingAsync();
        await using (var stream = Follow(start, entity))
        {
            await using (var held = await HeldRevision.HoldAsync(api, entity))
            {
                await ReviseRevenueAsync(entity, "R-LATER");
                await held.Transaction.RollbackAsync();
            }
            await AllSeeAsync(subscriber, stream, start, entity, ["R-LATER"]);
        }
    }

    private async Task AllSeeAsync(ServiceProcess subscriber, StreamFollower stream, long start, string entity, string[] expected)
    {
        var log = await Eventually.GetAsync(() => LogAsync(start, entity), r => r.Count >= expected.Length, what: "the log");
        var received = await Eventually.GetAsync(() => ReceivedAsync(subscriber, start, entity), r => r.Count >= expected.Length, what: "the subscriber");
        var streamed = await Eventually.GetAsync(() => Task.FromResult(stream.Seen), r => r.Count >= expected.Length, what: "the stream");
        foreach (var restatements in new[] { log, received.Select(r => r.Restatement).ToList(), streamed })
            Assert.Equal(expected, restatements.Select(r => r.RestatementId));
    }

    private async Task<(string Entity, long Start)> GivenAFilingAsync()
    {
        var entity = NewEntity();
        Assert.Equal(HttpStatusCode.Created, (await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(1_000_000m), OperatingIncome(100_000m)))).StatusCode);
        // Everything before this test has passed the high-water mark, so the only gap below the test's events is its own.
        var last = await LastEventAsync();
        await Eventually.GetAsync(PublisherPositionAsync, p => p >= last, what: "the publisher to catch up");
        return (entity, last);
    }

    private async Task ReviseRevenueAsync(string entity, string revisionId) =>
        Assert.Equal(HttpStatusCode.Created, (await api.PostRevisionAsync(entity, Revision(revisionId, Revenue(1_100_000m), "2013-03-01", "error correction"))).StatusCode);

    private async Task<long> LastEventAsync()
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select coalesce(max(seq_id), 0) from ledger.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<long> PublisherPositionAsync() =>
        (await new Operator(api.Client, api.ConnectionString).StatesAsync()).Single(s => s.Name == RestatementPublisher.Name).Position;

    private async Task<List<Restatement>> LogAsync(long after, string entity) =>
        (await api.GetAsync<RestatementPage>($"/api/restatements?after={after}&limit=500")).Restatements.Where(r => r.Entity == entity).ToList();

    private static async Task<List<Received>> ReceivedAsync(ServiceProcess subscriber, long after, string entity) =>
        (await subscriber.Client.GetFromJsonAsync<List<Received>>($"/received?after={after}", LedgerApi.Json))!.Where(r => r.Restatement.Entity == entity).ToList();

    /// <summary>An SSE client reading from <paramref name="after"/> in the background; what it has seen so far, under a lock.</summary>
    private sealed class StreamFollower : IAsyncDisposable
    {
        private readonly List<Restatement> _seen = [];
        private readonly CancellationTokenSource _stop = new();
        private Task _reading = Task.CompletedTask;

        public List<Restatement> Seen
        {
            get { lock (_seen) return [.. _seen]; }
        }

        public void Start(HttpClient client, long after, string entity) => _reading = Task.Run(async () =>
        {
            try
            {
                using var response = await client.GetAsync($"/api/restatements/stream?after={after}", HttpCompletionOption.ResponseHeadersRead, _stop.Token);
                await using var body = await response.Content.ReadAsStreamAsync(_stop.Token);
                await foreach (var item in SseParser.Create(body).EnumerateAsync(_stop.Token))
                {
                    var restatement = JsonSerializer.Deserialize<Restatement>(item.Data, LedgerApi.Json)!;
                    if (restatement.Entity == entity) lock (_seen) _seen.Add(restatement);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _reading;
            _stop.Dispose();
        }
    }

    private StreamFollower Follow(long after, string entity)
    {
        var follower = new StreamFollower();
        follower.Start(api.Client, after, entity);
        return follower;
    }
}
