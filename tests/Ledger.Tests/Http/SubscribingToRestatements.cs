using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Ledger.Api.Restatements;
using Ledger.Contracts;
using Ledger.Tests.Infrastructure;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Http;

/// <summary>
/// Restatements leaving the ledger: through Wolverine's outbox to the sample subscriber (a real process), and as
/// Server-Sent Events, with at-least-once delivery, global order and resumption from a checkpoint.
/// </summary>
[Collection(LedgerApiCollection.Name)]
public sealed class SubscribingToRestatements(LedgerApi api)
{
    internal sealed record Received(long Position, Restatement Restatement, int Deliveries);

    internal static async Task<List<Received>> ReceivedAsync(ServiceProcess subscriber, string entity) =>
        (await subscriber.Client.GetFromJsonAsync<List<Received>>("/received", LedgerApi.Json))!.Where(r => r.Restatement.Entity == entity).ToList();

    private static async IAsyncEnumerable<Restatement> StreamAsync(HttpClient client, long? lastEventId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation, string url = "/api/restatements/stream")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (lastEventId is { } id) request.Headers.Add("Last-Event-ID", id.ToString());
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
        await using var body = await response.Content.ReadAsStreamAsync(cancellation);
        await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellation))
        {
            var restatement = JsonSerializer.Deserialize<Restatement>(item.Data, LedgerApi.Json)!;
            Assert.Equal(restatement.Position.ToString(), item.EventId);
            yield return restatement;
        }
    }

    private static async Task<List<Restatement>> TakeAsync(HttpClient client, long? lastEventId, string entity, int count, string url = "/api/restatements/stream")
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var taken = new List<Restatement>();
        await foreach (var restatement in StreamAsync(client, lastEventId, timeout.Token, url))
        {
            if (restatement.Entity != entity) continue;
            taken.Add(restatement);
            if (taken.Count == count) break;
        }
        return taken;
    }

    private async Task ReviseAsync(string entity, string revisionId, decimal value, int? expectedVersion = null, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await api.PostRevisionAsync(entity, Revision(revisionId, Revenue(value), "2013-03-01", "error correction", expectedVersion));
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task A_revision_reaches_the_subscriber_and_the_stream_with_old_and_new_values_and_a_rejected_one_reaches_neither()
    {
        await using var subscriber = ServiceProcess.Subscriber(api.ConnectionString);
        await subscriber.StartAsync();
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(1_000_000m)));
        var start = await api.LastRestatementPositionAsync();

        await ReviseAsync(entity, "R-1", 1_100_000m, expectedVersion: 1);
        await ReviseAsync(entity, "R-2", 1_200_000m, expectedVersion: 1, expected: HttpStatusCode.Conflict);
        await ReviseAsync(entity, "R-3", 1_300_000m, expectedVersion: 2);

        var received = await Eventually.GetAsync(() => ReceivedAsync(subscriber, entity), r => r.Count >= 2, what: "two revisions at the subscriber");
        var streamed = await TakeAsync(api.Client, start, entity, 2);
        foreach (var restatements in new[] { received.Select(r => r.Restatement).ToList(), streamed })
        {
            Assert.Equal(["R-1", "R-3"], restatements.Select(r => r.RestatementId));
            var line = restatements[0].Lines.Single();
            Assert.Equal((1_000_000m, 1_100_000m), (line.OldAsReported!.Value, line.NewAsReported.Value));
        }
    }

    [Fact]
    public async Task A_subscriber_that_was_down_while_100_restatements_were_made_gets_exactly_those_100_in_order()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(1_000_000m)));
        await using var subscriber = ServiceProcess.Subscriber(api.ConnectionString);
        await subscriber.StartAsync();
        await subscriber.KillAsync();

        for (var i = 1; i <= 100; i++) await ReviseAsync(entity, $"R-{i:D3}", 1_000_000m + i * 1_000m);
        await subscriber.StartAsync();

        await Eventually.GetAsync(() => ReceivedAsync(subscriber, entity), r => r.Count >= 100, TimeSpan.FromSeconds(60), "100 revisions");
        // Counted once nothing is left on its way: a duplicate could only come from there.
        await Deliveries.SettledAsync(api.ConnectionString, (await api.RestatementPositionsAsync([entity]))[^1]);
        var received = await ReceivedAsync(subscriber, entity);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => $"R-{i:D3}"), received.Select(r => r.Restatement.RestatementId));
        Assert.Equal(received.Select(r => r.Position).Order(), received.Select(r => r.Position));
        Assert.All(received, r => Assert.Equal(1, r.Deliveries));
    }

    [Fact]
    public async Task A_stream_client_that_reconnects_with_its_last_event_id_resumes_without_gaps_or_repeats()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(1_000_000m)));
        var start = await api.LastRestatementPositionAsync();
        for (var i = 1; i <= 100; i++) await ReviseAsync(entity, $"R-{i:D3}", 1_000_000m + i * 1_000m);

        var first = await TakeAsync(api.Client, start, entity, 50);
        var rest = await TakeAsync(api.Client, first[^1].Position, entity, 50);

        Assert.Equal(Enumerable.Range(1, 100).Select(i => $"R-{i:D3}"), first.Concat(rest).Select(r => r.RestatementId));
    }

    [Fact]
    public async Task The_log_read_in_pages_of_seven_and_the_stream_asked_with_after_give_the_same_restatements_in_order()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(1_000_000m)));
        var start = await api.LastRestatementPositionAsync();
        for (var i = 1; i <= 20; i++) await ReviseAsync(entity, $"R-{i:D2}", 1_000_000m + i * 1_000m);
        // The log serves up to the high-water mark, which follows the last commit by a poll or two.
        var last = (await api.RestatementPositionsAsync([entity]))[^1];
        await Eventually.GetAsync(() => api.LastRestatementPositionAsync(), position => position >= last, what: "the log to reach the last revision");

        var pages = new List<RestatementPage>();
        for (long? after = start; after is { } from;)
        {
            var page = await api.GetAsync<RestatementPage>($"/api/restatements?after={from}&limit=7");
            Assert.Equal(from, page.After);
            pages.Add(page);
            after = page.Next;
        }
        var paged = pages.SelectMany(p => p.Restatements).Where(r => r.Entity == entity).ToList();
        var streamed = await TakeAsync(api.Client, null, entity, 10, $"/api/restatements/stream?after={paged[9].Position}");

        Assert.Equal([7, 7, 6, 0], pages.Select(p => p.Restatements.Count(r => r.Entity == entity)));
        Assert.Equal(pages.SkipLast(1).Select(p => p.Restatements[^1].Position), pages.SkipLast(1).Select(p => p.Next!.Value));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"R-{i:D2}"), paged.Select(r => r.RestatementId));
        Assert.Equal(Enumerable.Range(11, 10).Select(i => $"R-{i:D2}"), streamed.Select(r => r.RestatementId));
    }

    /// <summary>Eight writers for LEDGER_SOAK_SECONDS (10 by default; the closing note's run used 60).</summary>
    [Fact]
    public async Task Under_eight_concurrent_writers_the_subscriber_and_the_stream_each_get_every_restatement_exactly_once_in_position_order()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("LEDGER_SOAK_SECONDS"), out var s) ? s : 10;
        var entities = Enumerable.Range(0, 8).Select(_ => NewEntity()).ToList();
        foreach (var entity in entities) await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(1_000_000m)));
        await using var subscriber = ServiceProcess.Subscriber(api.ConnectionString);
        await subscriber.StartAsync();
        var start = await api.LastRestatementPositionAsync();
        // The stream is read until a last revision of another entity, the sentinel, comes by: the stream is in position
        // order, so every restatement of the writers, and any repeat of one, has come before it.
        var sentinel = NewEntity();
        await api.PostFilingAsync(sentinel, Filing("Q3", "2013-02-08", Revenue(1_000_000m)));
        using var listening = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var streaming = Task.Run(async () =>
        {
            var seen = new List<Restatement>();
            await foreach (var r in StreamAsync(api.Client, start, listening.Token))
            {
                if (r.Entity == sentinel) return seen;
                if (entities.Contains(r.Entity)) seen.Add(r);
            }
            return seen;
        });

        var until = DateTime.UtcNow.AddSeconds(seconds);
        var written = await Task.WhenAll(entities.Select(entity => Task.Run(async () =>
        {
            var count = 0;
            while (DateTime.UtcNow < until)
            {
                count++;
                var response = await api.PostRevisionAsync(entity, Revision($"R-{count}", Revenue(1_000_000m + count * 1_000m), "2013-03-01", "soak"));
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }
            return count;
        })));
        await ReviseAsync(sentinel, "R-last", 2_000_000m);

        var expected = await api.RestatementPositionsAsync(entities);
        Assert.Equal(written.Sum(), expected.Count);
        var streamed = await streaming;
        await Eventually.GetAsync(() => ReceivedAsync(subscriber, sentinel), r => r.Count == 1, TimeSpan.FromSeconds(120), "the sentinel at the subscriber");
        await Deliveries.SettledAsync(api.ConnectionString, (await api.RestatementPositionsAsync([sentinel]))[^1]);
        var received = (await subscriber.Client.GetFromJsonAsync<List<Received>>($"/received?after={start}", LedgerApi.Json))!
            .Where(r => entities.Contains(r.Restatement.Entity)).ToList();

        Assert.Equal(expected, received.Select(r => r.Position));
        Assert.Equal(expected, streamed.Select(r => r.Position));
        Assert.All(received, r => Assert.Equal(1, r.Deliveries));
    }
}
