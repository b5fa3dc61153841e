using JasperFx.Events.Daemon;
using Ledger.Projections.LineItemVersions;
using Marten;
using Npgsql;
using static Ledger.Benchmarks.Measure;

namespace Ledger.Benchmarks;

/// <summary>
/// Rebuild: the versions projection from the log, against reading the log and against a pure-SQL rebuild into the
/// same indexed table. Run before the queries: with a seeded log it is what builds the read model they read.
/// </summary>
public static class RebuildMeasurement
{
    public static async Task<IReadOnlyList<ResultRow>> RunAsync(BenchmarkRun run)
    {
        var lineItemEvents = (long)(await run.Raw.CreateCommand("select count(*) from ledger.mt_events where type like 'line_item_%'").ExecuteScalarAsync())!;
        var rebuildRate = await ThroughputAsync(async _ =>
        {
            using var daemon = await run.Store.BuildProjectionDaemonAsync();
            await daemon.RebuildProjectionAsync(LineItemVersionsGeneration1.ShardName, TimeSpan.FromMinutes(30), CancellationToken.None);
            return lineItemEvents;
        }, runs: 1);
        var readRate = await ThroughputAsync(async _ =>
        {
            await using var connection = await run.Raw.OpenConnectionAsync();
            using var export = await connection.BeginTextExportAsync("copy (select * from ledger.mt_events) to stdout");
            long count = 0;
            while (await export.ReadLineAsync() is not null) count++;
            return count;
        }, runs: lineItemEvents > 2_000_000 ? 1 : 3);
        var sqlRebuildRate = await ThroughputAsync(async _ => await PureSqlRebuildAsync(run.Raw), runs: 1);
        await run.Raw.CreateCommand("drop table ledger.sql_rebuilt_versions").ExecuteNonQueryAsync();
        return [new("rebuild line-item versions (events/s)", $"{rebuildRate:N0}", $"{sqlRebuildRate:N0} pure-SQL rebuild", BenchmarkRun.Ratio(rebuildRate / sqlRebuildRate), "≥ 30 %"),
            new("read the event log (rows/s)", "—", $"{readRate:N0} raw COPY TO", BenchmarkRun.Ratio(rebuildRate / readRate), "—")];
    }

    // The same read model built by SQL alone: one row per reported version, its known interval by a window function,
    // into a copy of the versions table with the same indexes.
    private static async Task<long> PureSqlRebuildAsync(NpgsqlDataSource raw)
    {
        await raw.CreateCommand("drop table if exists ledger.sql_rebuilt_versions; create table ledger.sql_rebuilt_versions (like ledger.mt_doc_line_item_versions including all)").ExecuteNonQueryAsync();
        var sql = """
            insert into ledger.sql_rebuilt_versions (id, data, mt_last_modified, mt_version, mt_dotnet_type, line_item_id, entity, period, concept, known_from, known_to, recorded_from, recorded_to)
            select e.stream_id || '#' || e.version, e.data, now(), gen_random_uuid(), 'sql', e.stream_id, e.data->'line'->>'entity', e.data->'line'->>'period', e.data->'line'->>'concept',
                   (e.data->>'knownFrom')::timestamptz,
                   lead((e.data->>'knownFrom')::timestamptz) over (partition by e.stream_id order by (e.data->>'knownFrom')::timestamptz, e.version),
                   e.timestamp, null
            from ledger.mt_events e where e.type in ('line_item_reported', 'line_item_restated', 'line_item_revised')
            """;
        return await raw.CreateCommand(sql).ExecuteNonQueryAsync();
    }
}
