using JasperFx.Events.Daemon;
using Ledger.Projections.LineItemVersions;
using Marten;
using Npgsql;
using static Ledger.Benchmarks.Measure;

namespace Ledger.Benchmarks;

/// <summary>
/// Rebuild: the serving generation of the versions model (generation 3, one typed row per version written set-based)
/// from the log, against reading the log and against a pure-SQL rebuild into a copy of the same table; and the bytes
/// the process allocated per event meanwhile. Run before the queries: with a seeded log it is what builds the read
/// model they read.
/// </summary>
public static class RebuildMeasurement
{
    public static async Task<IReadOnlyList<ResultRow>> RunAsync(BenchmarkRun run)
    {
        // Line-item events, not stored events: a filing's first reports and confirmations are stored together in one.
        var lineItemEvents = (long)(await run.Raw.CreateCommand("""
            select coalesce(sum(case when type = 'line_items_filed' then jsonb_array_length(data->'reported') + jsonb_array_length(data->'confirmed') else 1 end), 0)
            from ledger.mt_events where type = 'line_items_filed' or type like 'line\_item\_%'
            """).ExecuteScalarAsync())!;
        // The append just measured leaves the async shards catching up; the rebuild is timed once they are idle, so it
        // does not share the process and the database with their work.
        await run.DaemonCaughtUpAsync();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var rebuildRate = await ThroughputAsync(async _ =>
        {
            using var daemon = await run.Store.BuildProjectionDaemonAsync();
            await daemon.RebuildProjectionAsync(LineItemVersionsGeneration3.ShardName, TimeSpan.FromMinutes(30), CancellationToken.None);
            return lineItemEvents;
        }, runs: 1);
        var bytesPerEvent = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)lineItemEvents;
        var readRate = await ThroughputAsync(async _ =>
        {
            await using var connection = await run.Raw.OpenConnectionAsync();
            using var export = await connection.BeginTextExportAsync("copy (select * from ledger.mt_events) to stdout");
            while (await export.ReadLineAsync() is not null) { }
            // In line-item events, as the rebuild is counted: a stored event may hold a filing's many.
            return lineItemEvents;
        }, runs: lineItemEvents > 2_000_000 ? 1 : 3);
        var sqlRebuildRate = await ThroughputAsync(async _ => await PureSqlRebuildAsync(run.Raw), runs: 1);
        await run.Raw.CreateCommand("drop table ledger.sql_rebuilt_versions").ExecuteNonQueryAsync();
        return [new("rebuild line-item versions, generation 3 (events/s)", $"{rebuildRate:N0}", $"{sqlRebuildRate:N0} pure-SQL rebuild", BenchmarkRun.Ratio(rebuildRate / sqlRebuildRate), "≥ 30 %"),
            new("allocated during the rebuild (bytes/event, whole process)", $"{bytesPerEvent:N0}", "—", "—", "≤ 2 KB"),
            new("read the event log (line-item events/s)", "—", $"{readRate:N0} raw COPY TO", BenchmarkRun.Ratio(rebuildRate / readRate), "—")];
    }

    // The same read model built by SQL alone: one row per reported, restated or revised version, from the events' JSON
    // (a filing's first reports taken out of the one event holding them), into a copy of generation 3's table with the
    // same key and index.
    private static async Task<long> PureSqlRebuildAsync(NpgsqlDataSource raw)
    {
        await raw.CreateCommand($"drop table if exists ledger.sql_rebuilt_versions; create table ledger.sql_rebuilt_versions (like {NarrowTables.VersionsTable} including all)").ExecuteNonQueryAsync();
        var sql = """
            insert into ledger.sql_rebuilt_versions (line_item_id, version, entity, concept, period, dimensions_key, nature, value, unit, decimals,
                share_basis_date, source, note, derived_from, cause, caused_by, reason, supersedes, known_from, recorded_at)
            select e.data->>'lineItemId', coalesce((e.data->>'version')::int, e.position), e.data->'line'->>'entity', e.data->'line'->>'concept', e.data->'line'->>'period', e.data->'line'->>'dimensions',
                   lower(e.data->'line'->>'nature'), (e.data->'figure'->>'value')::numeric, e.data->'figure'->>'unit', (e.data->'figure'->>'decimals')::int,
                   (e.data->'figure'->>'shareBasisDate')::date, e.data->'figure'->>'source', e.data->'figure'->>'note', e.data->'figure'->>'derivedFrom',
                   e.cause, coalesce(e.data->>'filingId', e.data->>'revisionId'), e.data->>'reason', (e.data->>'supersedes')::int,
                   (e.data->>'knownFrom')::timestamptz, e.timestamp
            from (select substr(type, 11) as cause, version as position, timestamp, data from ledger.mt_events
                  where type in ('line_item_reported', 'line_item_restated', 'line_item_revised')
                  union all
                  select 'reported', f.version, f.timestamp, r.data from ledger.mt_events f cross join lateral jsonb_array_elements(f.data->'reported') r(data)
                  where f.type = 'line_items_filed') e
            """;
        return await raw.CreateCommand(sql).ExecuteNonQueryAsync();
    }
}
