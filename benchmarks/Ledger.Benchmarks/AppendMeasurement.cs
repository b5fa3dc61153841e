using System.Text.Json;
using Ledger.Api.Filings;
using Npgsql;
using NpgsqlTypes;
using static Ledger.Benchmarks.Measure;

namespace Ledger.Benchmarks;

/// <summary>
/// Append: filings through the real write path (checks, decisions, inline projections), one writer per core, against raw
/// COPY of as many rows: in one statement (the target's baseline), and in filing-sized transactions of 200 rows, one
/// commit each, as a filing commits (the baseline of the spike the target was set from).
/// </summary>
public static class AppendMeasurement
{
    public static async Task<IReadOnlyList<ResultRow>> RunAsync(BenchmarkRun run)
    {
        var writers = Environment.ProcessorCount;
        var appendRate = await ThroughputAsync(async _ =>
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, run.AppendedEntities), new ParallelOptions { MaxDegreeOfParallelism = writers }, async (e, ct) =>
            {
                for (var q = 0; q < run.FilingsPerEntity; q++)
                    if (await FilingWrite.RecordAsync(run.Store, run.Ledger.Entity(e), run.Ledger.Filing(e, q), "benchmark", ct) is (null, var rejections))
                        throw new InvalidOperationException(string.Join("; ", rejections.All));
            });
            return run.AppendedFacts;
        }, runs: 1);
        var copyRate = await ThroughputAsync(_ => RawCopyAsync(run.Database, run.AppendedFacts, run.AppendedFacts), runs: 3);
        var batchedRate = await ThroughputAsync(_ => RawCopyAsync(run.Database, run.AppendedFacts, BenchmarkRun.FactsPerFiling), runs: 3);
        return
        [
            new("append (facts/s)", $"{appendRate:N0}", $"{copyRate:N0} raw COPY rows/s", BenchmarkRun.Ratio(appendRate / copyRate), "≥ 30 %"),
            new("append (facts/s) against COPY in filing-sized transactions", $"{appendRate:N0}",
                $"{batchedRate:N0} raw COPY rows/s, {BenchmarkRun.FactsPerFiling} a commit", BenchmarkRun.Ratio(appendRate / batchedRate), "—"),
        ];
    }

    // Rows of the same size as a reported line item's event, copied into a plain table: the floor of appending.
    // Each COPY of `batch` rows is its own statement and its own commit.
    private static async Task<long> RawCopyAsync(string database, int count, int batch)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await new NpgsqlCommand("drop table if exists raw_facts; create table raw_facts (id text primary key, entity text, concept text, period text, value numeric, known_from timestamptz, data jsonb)", connection).ExecuteNonQueryAsync();
        for (var first = 0; first < count; first += batch) await CopyRowsAsync(connection, first, Math.Min(batch, count - first));
        return count;
    }

    private static async Task CopyRowsAsync(NpgsqlConnection connection, int first, int rows)
    {
        var payload = JsonSerializer.Serialize(new { line = new { entity = "B0001", concept = "Concept001", period = "2000-01-01/2000-03-31", dimensions = new { }, nature = "actual" },
            figure = new { value = 123456000, unit = "JPY", decimals = -3, source = "Synthetic statement line 1" }, filingId = "F-0001-001", knownFrom = "2000-05-01T00:00:00+00:00" });
        await using (var writer = await connection.BeginBinaryImportAsync("copy raw_facts (id, entity, concept, period, value, known_from, data) from stdin (format binary)"))
        {
            for (var i = first; i < first + rows; i++)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync($"B{i % 100:D4}|Concept{i % 400:D3}|{i}", NpgsqlDbType.Text);
                await writer.WriteAsync($"B{i % 100:D4}", NpgsqlDbType.Text);
                await writer.WriteAsync($"Concept{i % 400:D3}", NpgsqlDbType.Text);
                await writer.WriteAsync("2000-01-01/2000-03-31", NpgsqlDbType.Text);
                await writer.WriteAsync(123456000m, NpgsqlDbType.Numeric);
                await writer.WriteAsync(DateTimeOffset.UnixEpoch, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(payload, NpgsqlDbType.Jsonb);
            }
            await writer.CompleteAsync();
        }
    }
}
