using System.Diagnostics;
using Ledger.Api.Facts;
using Ledger.Api.Reading;
using Ledger.Domain.Values;
using Ledger.Projections.LineItemVersions;
using Marten;
using static Ledger.Benchmarks.Measure;

namespace Ledger.Benchmarks;

/// <summary>
/// As-of statement: one entity's line items for one period as known at a date, in process, over HTTP and raw;
/// then a settled answer revalidated by its ETag, and the service's memory after the HTTP load.
/// </summary>
public sealed class AsOfMeasurement(BenchmarkRun run)
{
    private readonly LineItemVersionsReader _reader = run.Services.GetRequiredService<LineItemVersionsReader>();
    private readonly System.Text.Json.JsonSerializerOptions _json =
        run.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
    private readonly string _period = SyntheticLedger.Quarter(run.FilingsPerEntity / 2);
    private readonly DateTimeOffset _asOf = KnownTime.EndOf(new DateOnly(2000 + run.FilingsPerEntity / 4 + 1, 12, 31));
    private readonly ReadingPoint _point = new(KnownTime.EndOf(new DateOnly(2000 + run.FilingsPerEntity / 4 + 1, 12, 31)), DateTimeOffset.UtcNow, Basis.Restated);

    public static Task<IReadOnlyList<ResultRow>> RunAsync(BenchmarkRun run) => new AsOfMeasurement(run).MeasureAsync();

    private async Task<IReadOnlyList<ResultRow>> MeasureAsync()
    {
        // Interleaved, so the shared machine's load falls on each alike: the reader's one batch, the same with the answer
        // written as the endpoint's JSON, over HTTP, and the raw statement. Each step adds one layer, so the differences
        // say where the time over HTTP goes (the 304 below is the HTTP stack with no database and no JSON).
        var timed = await InterleavedAsync([
            async i => await StatementInProcessAsync(Entity(i)),
            async i => await AnswerInProcessAsync(Entity(i)),
            async i => await StatementOverHttpAsync(Entity(i)),
            async i => await RawStatementAsync(Entity(i)),
        ], warmUp: 20, run.Samples);
        var (inProcess, withJson, overHttp, rawStatement) = (timed[0], timed[1], timed[2], timed[3]);
        var revalidation = await RevalidationAsync();
        // The service's memory right after the HTTP load (it shares the process with the benchmark's own client and baselines).
        using var self = Process.GetCurrentProcess();
        var rssMb = self.WorkingSet64 / 1024d / 1024d;
        var rawLookup = await RawLookupAsync();
        var raw = $"{rawStatement.P50Ms:F2} / {rawStatement.P99Ms:F2} raw SQL";
        return [
            new("as-of statement in process p50 / p99 (ms)", $"{inProcess.P50Ms:F2} / {inProcess.P99Ms:F2}", raw, $"{inProcess.P99Ms / rawStatement.P99Ms:F1}× (p99)", "≤ 2× raw SQL"),
            new("as-of answer in process with its JSON (no HTTP) p50 / p99 (ms)", $"{withJson.P50Ms:F2} / {withJson.P99Ms:F2}", raw,
                $"{withJson.P99Ms / rawStatement.P99Ms:F1}× (p99)", "—"),
            new("as-of statement over HTTP p50 / p99 (ms)", $"{overHttp.P50Ms:F2} / {overHttp.P99Ms:F2}", raw, $"{overHttp.P99Ms / rawStatement.P99Ms:F1}× (p99)",
                "p50 ≤ 2 ms, p99 ≤ 2× raw SQL"),
            new("settled answer revalidated (304) p50 / p99 (ms)", $"{revalidation.P50Ms:F2} / {revalidation.P99Ms:F2}", $"{rawLookup.P50Ms:F2} / {rawLookup.P99Ms:F2} raw index lookup",
                $"{revalidation.P50Ms / rawLookup.P50Ms:F1}× (p50)", "p50 ≤ 1 ms"),
            new("service memory after the HTTP load (MB RSS)", $"{rssMb:N0}", "—", "—", "≤ 500 MB"),
        ];
    }

    private string Entity(int i) => run.Ledger.Entity(i % run.Entities);

    private string FactsUrl(string entity, string query = "") => $"/api/entities/{entity}/facts?period={_period}&asOf={_asOf:O}{query}".Replace("+", "%2B");

    // The in-process statement query, as the facts endpoint asks it (kept in one place to follow the query API).
    private async Task<int> StatementInProcessAsync(string entity)
    {
        await using var session = run.Store.QuerySession();
        var found = await _reader.InForceAsync(session, entity, _point, new LineFilter(Periods: [_period]), CancellationToken.None);
        return found.Rows.Select(r => FactView.From(r, found.ShareBasis, _point)).Count();
    }

    // What the facts endpoint does after the reader: views ordered and mapped, the answer written as its JSON.
    private async Task<int> AnswerInProcessAsync(string entity)
    {
        await using var session = run.Store.QuerySession();
        var found = await _reader.InForceAsync(session, entity, _point, new LineFilter(Periods: [_period]), CancellationToken.None);
        var facts = found.Rows
            .OrderBy(r => r.Concept, StringComparer.Ordinal).ThenBy(r => r.Period, StringComparer.Ordinal).ThenBy(r => r.DimensionsKey, StringComparer.Ordinal)
            .Select(r => FactView.From(r, found.ShareBasis, _point)).ToList();
        var answer = new FactsAnswer(entity, ComputedFrom.Of(_point, found), facts.Count, facts);
        return System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(answer, _json).Length;
    }

    private async Task StatementOverHttpAsync(string entity)
    {
        using var response = await run.Http.GetAsync(FactsUrl(entity));
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    // The same question as one SQL statement on generation 3's table: the versions in force, their known-to and titles.
    private async Task RawStatementAsync(string entity)
    {
        await using var command = run.Raw.CreateCommand($"""
            select w.*, (select min(n.known_from) from {NarrowTables.VersionsTable} n
                    where n.entity = w.entity and n.period = w.period and n.line_item_id = w.line_item_id and n.known_from > w.known_from and n.recorded_at <= $4),
                   f.title
            from (select distinct on (v.period, v.line_item_id) v.* from {NarrowTables.VersionsTable} v
                  where v.entity = $1 and v.period = $2 and v.known_from <= $3 and v.recorded_at <= $4
                  order by v.period desc, v.line_item_id desc, v.known_from desc, v.version desc) w
            left join {NarrowTables.FilingsTable} f on w.cause in ('reported', 'restated') and f.entity = w.entity and f.filing_id = w.caused_by
            """);
        command.Parameters.Add(new() { Value = entity });
        command.Parameters.Add(new() { Value = _period });
        command.Parameters.Add(new() { Value = _asOf });
        command.Parameters.Add(new() { Value = _point.RecordedAsOf });
        await using var reader = await command.ExecuteReaderAsync();
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync()) reader.GetValues(values);
    }

    // The answer settles once every transaction open at its recorded time has ended (a daemon's page, a writer's
    // commit on a loaded machine may still be): asked again until it carries its ETag.
    private async Task<System.Net.Http.Headers.EntityTagHeaderValue> SettledETagAsync(string pinnedUrl)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var pinned = await run.Http.GetAsync(pinnedUrl);
            if (pinned.EnsureSuccessStatusCode().Headers.ETag is { } etag) return etag;
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException("a settled answer came without an ETag for 30 s");
            await Task.Delay(200);
        }
    }

    // A settled answer (both instants given, recorded time passed) revalidated by its ETag: 304 from memory.
    private async Task<Latency> RevalidationAsync()
    {
        var pinnedUrl = FactsUrl(run.Ledger.Entity(0), $"&recordedAsOf={_point.RecordedAsOf:O}".Replace("+", "%2B"));
        var etag = await SettledETagAsync(pinnedUrl);
        return await LatencyAsync(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, pinnedUrl);
            request.Headers.IfNoneMatch.Add(etag);
            using var response = await run.Http.SendAsync(request);
            if (response.StatusCode != System.Net.HttpStatusCode.NotModified) throw new InvalidOperationException($"revalidation answered {response.StatusCode}");
        }, warmUp: 20, run.Samples);
    }

    // One row by its key: a round trip with almost nothing to read.
    private async Task<Latency> RawLookupAsync()
    {
        await using var first = run.Raw.CreateCommand($"select line_item_id from {NarrowTables.VersionsTable} limit 1");
        var someId = (string)(await first.ExecuteScalarAsync())!;
        return await LatencyAsync(async _ =>
        {
            await using var command = run.Raw.CreateCommand($"select * from {NarrowTables.VersionsTable} where line_item_id = $1 and version = 1");
            command.Parameters.Add(new() { Value = someId });
            await command.ExecuteScalarAsync();
        }, warmUp: 20, run.Samples);
    }
}
