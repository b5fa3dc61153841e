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
