using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using static Ledger.Benchmarks.Measure;

namespace Ledger.Benchmarks;

/// <summary>Subscription: a revision's append until the SSE stream delivers it.</summary>
public static class SseMeasurement
{
    public static async Task<ResultRow> RunAsync(BenchmarkRun run)
    {
        var sse = await LatencyAsync(run, run.Ledger.Entity(0), run.Quick ? 10 : 100);
        return new("revision → SSE event p50 / p99 (ms)", $"{sse.P50Ms:F0} / {sse.P99Ms:F0}", "—", "—", "p99 ≤ 100 ms");
    }

    private static async Task<Latency> LatencyAsync(BenchmarkRun run, string entity, int count)
    {
        var http = run.Http;
        var latencies = new List<double>();
        var revised = 0;
        var facts = await http.GetFromJsonAsync<JsonElement>($"/api/entities/{entity}/facts?concept=Concept000");
        var line = facts.GetProperty("facts")[0];
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        // Start from the end of the log: read the current last position, then follow.
        using var tail = new HttpRequestMessage(HttpMethod.Get, "/api/restatements/stream");
        var last = await run.LastRestatementPositionAsync();
        tail.Headers.Add("Last-Event-ID", last.ToString(CultureInfo.InvariantCulture));
        // The stream sends its headers with its first event, so connect in the background and resume after `last`.
        var connecting = http.SendAsync(tail, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        IAsyncEnumerator<SseItem<string>>? events = null;
        for (var i = 0; i < count + 5; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var body = new
            {
                revisionId = $"bench-{Guid.NewGuid():N}", concept = line.GetProperty("concept").GetString(), period = line.GetProperty("period").GetString(),
                value = 1_000m * (i + 1), unit = "JPY", decimals = -3, knownFrom = "2030-01-01", reason = "benchmark",
            };
            (await http.PostAsJsonAsync($"/api/entities/{entity}/revisions", body)).EnsureSuccessStatusCode();
            events ??= SseParser.Create(await (await connecting).Content.ReadAsStreamAsync(cancel.Token)).EnumerateAsync(cancel.Token).GetAsyncEnumerator();
            await events.MoveNextAsync();
            if (++revised > 5) latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        latencies.Sort();
        return new Latency(latencies[latencies.Count / 2], latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(latencies.Count * 0.99) - 1)], latencies.Count);
    }
}
