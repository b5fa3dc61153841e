using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using static Ledger.Benchmarks.Measure;

namespace Ledger.Benchmarks;

/// <summary>The sample subscriber as its own process: time from the revision's 201 until the subscriber has stored it.</summary>
public static class SubscriberMeasurement
{
    public static async Task<ResultRow> RunAsync(BenchmarkRun run)
    {
        var delivered = await LatencyAsync(run, run.Ledger.Entity(1), run.Quick ? 10 : 100);
        return new("revision → sample subscriber handled p50 / p99 (ms)", $"{delivered.P50Ms:F0} / {delivered.P99Ms:F0}", "—", "—", "p99 ≤ 250 ms");
    }

    private static async Task<Latency> LatencyAsync(BenchmarkRun run, string entity, int count)
    {
        var http = run.Http;
        var configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
        var dll = Path.Combine(BenchmarkRun.FindRoot(), "samples", "Ledger.Subscriber", "bin", configuration, "net10.0", "Ledger.Subscriber.dll");
        var listener = System.Net.Sockets.TcpListener.Create(0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = new ProcessStartInfo("dotnet", [dll, "run", "--urls", $"http://127.0.0.1:{port}"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["SUBSCRIBER_CONNECTION_STRING"] = run.Database;
        using var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var subscriber = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        try
        {
            var facts = await http.GetFromJsonAsync<JsonElement>($"/api/entities/{entity}/facts?concept=Concept000");
            var line = facts.GetProperty("facts")[0];
            // Let it start and drain the backlog the earlier steps published, so only delivery is timed.
            var last = await run.LastRestatementPositionAsync();
            var deadline = DateTime.UtcNow.AddMinutes(10);
            while (DateTime.UtcNow < deadline)
            {
                try { if ((await subscriber.GetStringAsync($"/received?after={last - 1}")).Contains($"\"position\":{last}")) break; }
                catch (HttpRequestException) { }
                await Task.Delay(200);
            }
            var latencies = new List<double>();
            for (var i = 0; i < count + 5; i++)
            {
                var revisionId = $"bench-sub-{Guid.NewGuid():N}";
                var started = Stopwatch.GetTimestamp();
                var body = new
                {
                    revisionId, concept = line.GetProperty("concept").GetString(), period = line.GetProperty("period").GetString(),
                    value = 1_000m * (i + 7), unit = "JPY", decimals = -3, knownFrom = "2031-01-01", reason = "benchmark",
                };
                (await http.PostAsJsonAsync($"/api/entities/{entity}/revisions", body)).EnsureSuccessStatusCode();
                while (!(await subscriber.GetStringAsync($"/received?after={last}")).Contains(revisionId)) await Task.Delay(5);
                if (i >= 5) latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            latencies.Sort();
            return new Latency(latencies[latencies.Count / 2], latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(latencies.Count * 0.99) - 1)], latencies.Count);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }
}
