using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Ledger.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Http;

/// <summary>
/// 200 clients hold the restatement stream open on one API process (its cap, in this test): each gets its headers
/// before any restatement exists, heartbeats while the log is quiet, and the restatement when it comes; one more is
/// refused with 503; the database keeps its connections for queries, which are still answered; an idle stream ends.
/// </summary>
public sealed class ServingManyStreams(ITestOutputHelper output)
{
    private const int Clients = 200;

    [Fact]
    public async Task Two_hundred_streams_share_one_reader_of_the_log_get_heartbeats_and_the_restatement_and_queries_are_still_answered()
    {
        var database = await PostgresServer.CreateDatabaseAsync("ledger_streams");
        await using var ledger = ServiceProcess.Api(database, new Dictionary<string, string>
        {
            ["Ledger__Streams__Heartbeat"] = "00:00:00.500",
            ["Ledger__Streams__IdleTimeout"] = "00:00:15",
            ["Ledger__Streams__MaxConnections"] = $"{Clients}",
        });
        await ledger.StartAsync();
        var entity = NewEntity();
        (await ledger.Client.PostAsJsonAsync($"/api/entities/{entity}/filings", Filing("Q3", "2013-02-08", Revenue(1_000m)), LedgerApi.Json)).EnsureSuccessStatusCode();
        var alone = await ReadTimesAsync(ledger, entity);

        using var stop = new CancellationTokenSource();
        var headers = new List<TimeSpan>();
        var streams = new List<StreamClient>();
        for (var i = 0; i < Clients; i++)
        {
            var clock = Stopwatch.StartNew();
            var response = await ledger.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/restatements/stream"),
                HttpCompletionOption.ResponseHeadersRead, stop.Token);
            headers.Add(clock.Elapsed);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            streams.Add(new StreamClient(response, stop.Token));
        }
        var refused = await ledger.Client.GetAsync("/api/restatements/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("stream_limit_reached", (await Problem.ReadAsync(refused, HttpStatusCode.ServiceUnavailable)).Code);
        Assert.Equal(TimeSpan.FromSeconds(10), refused.Headers.RetryAfter?.Delta);

        // When a filing restates the figure, every stream carries the restatement; quiet streams carry heartbeats.
        (await ledger.Client.PostAsJsonAsync($"/api/entities/{entity}/filings", Filing("FY", "2013-05-14", Revenue(2_000m)), LedgerApi.Json)).EnsureSuccessStatusCode();
        await Eventually.GetAsync(() => Task.FromResult(streams.Count(s => s.Restatements > 0 && s.Heartbeats > 0)), n => n == Clients,
            TimeSpan.FromSeconds(30), "every stream to carry the restatement and a heartbeat");
        Assert.All(streams, s => Assert.Equal(1, s.Restatements));
        var withStreams = await ReadTimesAsync(ledger, entity);
        var connections = await ConnectionsAsync(database);

        // An idle stream is closed by the service, for its client to resume with Last-Event-ID.
        await Eventually.GetAsync(() => Task.FromResult(streams.Count(s => s.Ended)), n => n == Clients, TimeSpan.FromSeconds(60), "idle streams to end");
        await stop.CancelAsync();

        // Measured, not asserted (timings belong to the benchmarks): reported for the record.
        output.WriteLine($"headers: p50 {Percentile(headers, 0.5):F1} ms, max {headers.Max().TotalMilliseconds:F1} ms over {Clients} streams");
        output.WriteLine($"facts read p50: {Percentile(alone, 0.5):F1} ms alone, {Percentile(withStreams, 0.5):F1} ms with {Clients} streams open");
        output.WriteLine($"database connections of the service with {Clients} streams open: {connections}");
        Assert.InRange(connections, 1, 30);
    }

    /// <summary>Forty reads of the entity's facts, one after another, each timed.</summary>
    private static async Task<List<TimeSpan>> ReadTimesAsync(ServiceProcess ledger, string entity)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < 45; i++)
        {
            var clock = Stopwatch.StartNew();
            (await ledger.Client.GetAsync($"/api/entities/{entity}/facts?concept=Revenues")).EnsureSuccessStatusCode();
            if (i >= 5) times.Add(clock.Elapsed);
        }
        return times;
    }

    private static double Percentile(List<TimeSpan> times, double p) =>
        times.Select(t => t.TotalMilliseconds).Order().ElementAt((int)Math.Floor(p * (times.Count - 1)));

    /// <summary>The connections the service holds on its database (its pool, the daemon and the feed), read from PostgreSQL.</summary>
    private static async Task<long> ConnectionsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>One open stream, read line by line in the background: its restatements, its heartbeats and whether it ended.</summary>
    private sealed class StreamClient
    {
        private int _restatements;
        private int _heartbeats;
        private volatile bool _ended;

        public StreamClient(HttpResponseMessage response, CancellationToken cancellation) => _ = ReadAsync(response, cancellation);

        public int Restatements => Volatile.Read(ref _restatements);
        public int Heartbeats => Volatile.Read(ref _heartbeats);
        public bool Ended => _ended;

        private async Task ReadAsync(HttpResponseMessage response, CancellationToken cancellation)
        {
            try
            {
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellation));
                while (await reader.ReadLineAsync(cancellation) is { } line)
                {
                    if (line.StartsWith(": heartbeat", StringComparison.Ordinal)) Interlocked.Increment(ref _heartbeats);
                    if (line == "event: restatement") Interlocked.Increment(ref _restatements);
                }
                _ended = true;
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                response.Dispose();
            }
        }
    }
}
