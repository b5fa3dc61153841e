using System.Diagnostics;

namespace Ledger.Benchmarks;

/// <summary>Latency samples and throughput, measured after a warm-up, over several runs.</summary>
public static class Measure
{
    public sealed record Latency(double P50Ms, double P99Ms, int Samples);

    public static async Task<Latency> LatencyAsync(Func<int, Task> operation, int warmUp, int samples)
    {
        for (var i = 0; i < warmUp; i++) await operation(i);
        var times = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation(i);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(times);
        return new Latency(Percentile(times, 0.50), Percentile(times, 0.99), samples);
    }

    /// <summary>
    /// Several operations timed in turn, sample by sample (the order rotating), so a change of load on the shared
    /// machine falls on all of them alike and their ratios hold.
    /// </summary>
    public static async Task<Latency[]> InterleavedAsync(IReadOnlyList<Func<int, Task>> operations, int warmUp, int samples)
    {
        for (var i = 0; i < warmUp; i++)
            foreach (var operation in operations) await operation(i);
        var times = operations.Select(_ => new double[samples]).ToArray();
        for (var i = 0; i < samples; i++)
            for (var k = 0; k < operations.Count; k++)
            {
                var which = (i + k) % operations.Count;
                var started = Stopwatch.GetTimestamp();
                await operations[which](i);
                times[which][i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        return times.Select(t =>
        {
            Array.Sort(t);
            return new Latency(Percentile(t, 0.50), Percentile(t, 0.99), samples);
        }).ToArray();
    }

    /// <summary>Items per second of the best of <paramref name="runs"/> runs (the least disturbed by the shared machine).</summary>
    public static async Task<double> ThroughputAsync(Func<int, Task<long>> run, int runs)
    {
        var best = 0d;
        for (var r = 0; r < runs; r++)
        {
            var started = Stopwatch.GetTimestamp();
            var items = await run(r);
            best = Math.Max(best, items / Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        return best;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
