using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using JasperFx;
using JasperFx.Events.Daemon;
using Ledger.Api.Access;
using Ledger.Api.Facts;
using Ledger.Api.Reading;
using Ledger.Api.Filings;
using Ledger.Api.Hosting;
using Ledger.Api.Http;
using Ledger.Api.Telemetry;
using Ledger.Benchmarks;
using Ledger.Domain.Values;
using Ledger.Projections.LineItemVersions;
using Ledger.Projections.ShareBasis;
using Marten;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;
using NpgsqlTypes;
using static Ledger.Benchmarks.Measure;

// Ledger against raw PostgreSQL, in one run, as ratios. `--quick` is the smoke-sized run ./test.sh uses.
var quick = args.Contains("--quick");
var versionsTarget = ArgValue("--versions") is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : quick ? 4_000 : 1_000_000;
// How many facts go through the real write path; the rest of the log is seeded (EventLogSeed) to reach the size.
var appendTarget = ArgValue("--append") is { } a ? int.Parse(a, CultureInfo.InvariantCulture) : Math.Min(versionsTarget, 250_000);
var output = ArgValue("--out") ?? Path.Combine(FindRoot(), "benchmarks", "results", quick ? "quick.md" : "latest.md");
const int factsPerFiling = 200;
var entities = Math.Max(2, (int)Math.Sqrt(versionsTarget / factsPerFiling));
var filingsPerEntity = Math.Max(1, versionsTarget / factsPerFiling / entities);
// Whole entities are appended or seeded, at least the two the subscription measurements revise.
var appendedEntities = Math.Clamp((int)Math.Ceiling(appendTarget / (double)(filingsPerEntity * factsPerFiling)), 2, entities);
var appendedFacts = appendedEntities * filingsPerEntity * factsPerFiling;
var samples = quick ? 50 : 500;
var runStarted = Stopwatch.GetTimestamp();
var loadAtStart = LoadAverage();

var server = Environment.GetEnvironmentVariable("LEDGER_BENCH_CONNECTION_STRING") ?? Environment.GetEnvironmentVariable("LEDGER_TEST_CONNECTION_STRING")
    ?? throw new InvalidOperationException("Set LEDGER_BENCH_CONNECTION_STRING (or run through ./benchmarks/run.sh, which starts a private PostgreSQL).");
var database = await CreateDatabaseAsync(server);
Environment.SetEnvironmentVariable(LedgerHosting.ConnectionStringKey, database);
// Every HTTP call carries a bearer token, signed with a key made for this run and trusted by the service.
var signingKey = AccessTokens.NewKey();
foreach (var (name, value) in AccessTokens.LocalSettings(signingKey)) Environment.SetEnvironmentVariable(name, value);

var builder = WebApplication.CreateBuilder([]);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.AddLedger();
var app = builder.Build();
app.MapLedger();
var store = app.Services.GetRequiredService<IDocumentStore>();
if (args.Contains("--real-import"))
{
    await RealImport.RunAsync(app.Services, FindRoot(), ArgValue("--out") ?? Path.Combine(FindRoot(), "benchmarks", "results", "latest.md"), loadAtStart);
    return 0;
}
var versionsReader = app.Services.GetRequiredService<LineItemVersionsReader>();
// The baselines are single long statements at 10M (a pure-SQL rebuild runs for minutes): no command timeout.
await using var raw = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database) { CommandTimeout = 0 }.ConnectionString);
var ledger = new SyntheticLedger(factsPerFiling);
var rows = new List<(string Figure, string Ledger, string Baseline, string Ratio, string Target)>();
var notes = new List<string>();
Console.WriteLine($"Ledger benchmarks: {entities} entities × {filingsPerEntity} filings × {factsPerFiling} facts ≈ {entities * filingsPerEntity * factsPerFiling:N0} line-item versions, " +
    $"{appendedFacts:N0} of them through the write path{(quick ? " (quick)" : "")}");

// 0. The part of the log not appended through the write path is seeded first, before the service starts.
var seededThrough = 0L;
if (appendedEntities < entities)
{
    await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    var seedStarted = Stopwatch.GetTimestamp();
    seededThrough = await new EventLogSeed(store, raw).SeedAsync(ledger, Enumerable.Range(appendedEntities, entities - appendedEntities), filingsPerEntity);
    var seconds = Stopwatch.GetElapsedTime(seedStarted).TotalSeconds;
    notes.Add($"{(entities - appendedEntities) * filingsPerEntity * factsPerFiling:N0} of the line-item versions ({entities - appendedEntities} of {entities} entities) were seeded: " +
        $"decided by the domain and copied into Marten's event tables ({seededThrough:N0} events in {seconds:N0} s); the versions read model over them is the one the rebuild below builds.");
}
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
using var http = new HttpClient { BaseAddress = new Uri(address) };
http.DefaultRequestHeaders.Authorization = new("Bearer", AccessTokens.Local(signingKey).Mint("benchmark", Roles.All, DateTime.UtcNow.AddDays(1)));

// 1. Append: filings through the real write path (checks, decisions, inline projections), one writer per core.
var writers = Environment.ProcessorCount;
var appendRate = await ThroughputAsync(async _ =>
{
    await Parallel.ForEachAsync(Enumerable.Range(0, appendedEntities), new ParallelOptions { MaxDegreeOfParallelism = writers }, async (e, ct) =>
    {
        for (var q = 0; q < filingsPerEntity; q++)
            if (await FilingWrite.RecordAsync(store, ledger.Entity(e), ledger.Filing(e, q), "benchmark", ct) is (null, var rejections))
                throw new InvalidOperationException(string.Join("; ", rejections.All));
    });
    return appendedFacts;
}, runs: 1);
var copyRate = await ThroughputAsync(_ => RawCopyAsync(database, appendedFacts), runs: 3);
rows.Add(("append (facts/s)", $"{appendRate:N0}", $"{copyRate:N0} raw COPY rows/s", Ratio(appendRate / copyRate), "≥ 30 %"));

// 3. Rebuild, before the queries: with a seeded log it is what builds the read model they read.
// The versions projection from the log, against reading the log and against a pure-SQL rebuild into the same indexed table.
var lineItemEvents = (long)(await raw.CreateCommand("select count(*) from ledger.mt_events where type like 'line_item_%'").ExecuteScalarAsync())!;
var rebuildRate = await ThroughputAsync(async _ =>
{
    using var daemon = await store.BuildProjectionDaemonAsync();
    await daemon.RebuildProjectionAsync(LineItemVersionsGeneration1.ShardName, TimeSpan.FromMinutes(30), CancellationToken.None);
    return lineItemEvents;
}, runs: 1);
var readRate = await ThroughputAsync(async _ =>
{
    await using var connection = await raw.OpenConnectionAsync();
    using var export = await connection.BeginTextExportAsync("copy (select * from ledger.mt_events) to stdout");
    long count = 0;
    while (await export.ReadLineAsync() is not null) count++;
    return count;
}, runs: lineItemEvents > 2_000_000 ? 1 : 3);
var sqlRebuildRate = await ThroughputAsync(async _ => await PureSqlRebuildAsync(raw), runs: 1);
await raw.CreateCommand("drop table ledger.sql_rebuilt_versions").ExecuteNonQueryAsync();
var rebuildRows = new[] { ("rebuild line-item versions (events/s)", $"{rebuildRate:N0}", $"{sqlRebuildRate:N0} pure-SQL rebuild", Ratio(rebuildRate / sqlRebuildRate), "≥ 30 %"),
    ("read the event log (rows/s)", "—", $"{readRate:N0} raw COPY TO", Ratio(rebuildRate / readRate), "—") };

// 2. As-of statement: one entity's line items for one period as known at a date, in process, over HTTP, and raw.
var period = SyntheticLedger.Quarter(filingsPerEntity / 2);
var asOf = KnownTime.EndOf(new DateOnly(2000 + filingsPerEntity / 4 + 1, 12, 31));
var point = new ReadingPoint(asOf, DateTimeOffset.UtcNow, Basis.Restated);
// Interleaved, so the shared machine's load falls on each alike: the reader's one batch, the same question in the
// three round trips the reader made before (log position, rows, share basis), over HTTP, and the raw statement.
var timed = await InterleavedAsync([
    async i => await StatementInProcessAsync(ledger.Entity(i % entities)),
    async i => await StatementInThreeRoundTripsAsync(ledger.Entity(i % entities)),
    async i =>
    {
        using var response = await http.GetAsync($"/api/entities/{ledger.Entity(i % entities)}/facts?period={period}&asOf={asOf:O}".Replace("+", "%2B"));
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    },
    async i =>
    {
        await using var command = raw.CreateCommand(
            "select data from ledger.mt_doc_line_item_versions where entity = $1 and period = $2 and known_from <= $3 and (known_to is null or known_to > $3) " +
            "and recorded_from <= $4 and (recorded_to is null or recorded_to > $4)");
        command.Parameters.Add(new() { Value = ledger.Entity(i % entities) });
        command.Parameters.Add(new() { Value = period });
        command.Parameters.Add(new() { Value = asOf });
        command.Parameters.Add(new() { Value = point.RecordedAsOf });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) reader.GetString(0);
    },
], warmUp: 20, samples);
var (inProcess, threeRoundTrips, overHttp, rawStatement) = (timed[0], timed[1], timed[2], timed[3]);
// A settled answer (both instants given, recorded time passed) revalidated by its ETag: 304 from memory.
var pinnedUrl = $"/api/entities/{ledger.Entity(0)}/facts?period={period}&asOf={asOf:O}&recordedAsOf={point.RecordedAsOf:O}".Replace("+", "%2B");
using var pinned = await http.GetAsync(pinnedUrl);
var etag = pinned.EnsureSuccessStatusCode().Headers.ETag ?? throw new InvalidOperationException("a settled answer came without an ETag");
var revalidation = await LatencyAsync(async _ =>
{
    using var request = new HttpRequestMessage(HttpMethod.Get, pinnedUrl);
    request.Headers.IfNoneMatch.Add(etag);
    using var response = await http.SendAsync(request);
    if (response.StatusCode != System.Net.HttpStatusCode.NotModified) throw new InvalidOperationException($"revalidation answered {response.StatusCode}");
}, warmUp: 20, samples);
// The service's memory right after the HTTP load (it shares the process with the benchmark's own client and baselines).
using var self = Process.GetCurrentProcess();
var rssMb = self.WorkingSet64 / 1024d / 1024d;
var someId = (await raw.CreateCommand("select id from ledger.mt_doc_line_item_versions limit 1").ExecuteScalarAsync())!;
var rawLookup = await LatencyAsync(async _ =>
{
    await using var command = raw.CreateCommand("select data from ledger.mt_doc_line_item_versions where id = $1");
    command.Parameters.Add(new() { Value = someId });
    await command.ExecuteScalarAsync();
}, warmUp: 20, samples);
rows.Add(("as-of statement in process p50 / p99 (ms)", $"{inProcess.P50Ms:F2} / {inProcess.P99Ms:F2}", $"{rawStatement.P50Ms:F2} / {rawStatement.P99Ms:F2} raw SQL",
    $"{inProcess.P99Ms / rawStatement.P99Ms:F1}× (p99)", "≤ 2× raw SQL"));
rows.Add(("as-of statement in process, three round trips as before, p50 / p99 (ms)", $"{threeRoundTrips.P50Ms:F2} / {threeRoundTrips.P99Ms:F2}",
    $"{rawStatement.P50Ms:F2} / {rawStatement.P99Ms:F2} raw SQL", $"{threeRoundTrips.P99Ms / rawStatement.P99Ms:F1}× (p99)", "—"));
rows.Add(("as-of statement over HTTP p50 / p99 (ms)", $"{overHttp.P50Ms:F2} / {overHttp.P99Ms:F2}", $"{rawStatement.P50Ms:F2} / {rawStatement.P99Ms:F2} raw SQL",
    $"{overHttp.P99Ms / rawStatement.P99Ms:F1}× (p99)", "p50 ≤ 2 ms, p99 ≤ 2× raw SQL"));
rows.Add(("settled answer revalidated (304) p50 / p99 (ms)", $"{revalidation.P50Ms:F2} / {revalidation.P99Ms:F2}", $"{rawLookup.P50Ms:F2} / {rawLookup.P99Ms:F2} raw index lookup",
    $"{revalidation.P50Ms / rawLookup.P50Ms:F1}× (p50)", "p50 ≤ 1 ms"));
rows.Add(("service memory after the HTTP load (MB RSS)", $"{rssMb:N0}", "—", "—", "≤ 500 MB"));
rows.AddRange(rebuildRows);

// 4. Subscription: a revision's append until the SSE stream delivers it.
var sse = await SseLatencyAsync(http, ledger.Entity(0), quick ? 10 : 100, seededThrough);
rows.Add(("revision → SSE event p50 / p99 (ms)", $"{sse.P50Ms:F0} / {sse.P99Ms:F0}", "—", "—", "p99 ≤ 100 ms"));

var delivered = await SubscriberLatencyAsync(http, database, ledger.Entity(1), quick ? 10 : 100, seededThrough);
rows.Add(("revision → sample subscriber handled p50 / p99 (ms)", $"{delivered.P50Ms:F0} / {delivered.P99Ms:F0}", "—", "—", "p99 ≤ 250 ms"));

notes.Add($"The whole run took {Stopwatch.GetElapsedTime(runStarted).TotalMinutes:N0} min; load average (1 min) {loadAtStart} at its start and {LoadAverage()} at its end, " +
    "on cores shared with other work, so compare the ratios (ledger and baseline measured in the same run) rather than absolute figures.");
var table = new StringBuilder()
    .AppendLine($"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC · {entities * filingsPerEntity * factsPerFiling:N0} line-item versions · {MachineDescription()}")
    .AppendLine()
    .AppendLine("| figure | ledger | raw baseline | ratio | target |")
    .AppendLine("| --- | --- | --- | --- | --- |");
foreach (var row in rows) table.AppendLine($"| {row.Figure} | {row.Ledger} | {row.Baseline} | {row.Ratio} | {row.Target} |");
foreach (var note in notes) table.AppendLine().AppendLine(note);
Console.WriteLine(table);
await ResultsFile.WriteAsync(output, $"Ledger benchmarks{(quick ? " (quick smoke run)" : "")}", (long)entities * filingsPerEntity * factsPerFiling, table.ToString());
await app.StopAsync();
return 0;

// The in-process statement query, as the facts endpoint asks it (kept in one place to follow the query API).
async Task<int> StatementInProcessAsync(string entity)
{
    await using var session = store.QuerySession();
    var found = await versionsReader.InForceAsync(session, entity, point, new LineFilter(Periods: [period]), CancellationToken.None);
    return found.Rows.Select(r => FactView.From(r, found.ShareBasis, point)).Count();
}

// The same question as the reader asked it before it batched: log position, rows and share basis, one round trip each.
async Task<int> StatementInThreeRoundTripsAsync(string entity)
{
    await using var session = store.QuerySession();
    await session.Database.FetchHighestEventSequenceNumber(CancellationToken.None);
    var found = await session.Query<LineItemVersionRow>().Where(r =>
            r.Entity == entity && r.Period.IsOneOf(new[] { period })
            && r.KnownFrom <= point.AsOf && (r.KnownTo == null || r.KnownTo > point.AsOf)
            && r.RecordedFrom <= point.RecordedAsOf && (r.RecordedTo == null || r.RecordedTo > point.RecordedAsOf))
        .ToListAsync();
    var shareBasis = await session.ShareBasisAsync(entity, CancellationToken.None);
    return found.Select(r => FactView.From(r, shareBasis, point)).Count();
}

string? ArgValue(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

static string Ratio(double ratio) => $"{ratio * 100:F0} %";

static async Task<string> CreateDatabaseAsync(string server)
{
    var name = $"ledger_bench_{Guid.NewGuid():N}"[..30];
    await using (var connection = new NpgsqlConnection(server))
    {
        await connection.OpenAsync();
        await new NpgsqlCommand($"create database {name}", connection).ExecuteNonQueryAsync();
    }
    return new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 50 }.ConnectionString;
}

// Rows of the same size as a reported line item's event, copied into a plain table: the floor of appending.
static async Task<long> RawCopyAsync(string database, int count)
{
    await using var connection = new NpgsqlConnection(database);
    await connection.OpenAsync();
    await new NpgsqlCommand("drop table if exists raw_facts; create table raw_facts (id text primary key, entity text, concept text, period text, value numeric, known_from timestamptz, data jsonb)", connection).ExecuteNonQueryAsync();
    var payload = JsonSerializer.Serialize(new { line = new { entity = "B0001", concept = "Concept001", period = "2000-01-01/2000-03-31", dimensions = new { }, nature = "actual" },
        figure = new { value = 123456000, unit = "JPY", decimals = -3, source = "Synthetic statement line 1" }, filingId = "F-0001-001", knownFrom = "2000-05-01T00:00:00+00:00" });
    await using (var writer = await connection.BeginBinaryImportAsync("copy raw_facts (id, entity, concept, period, value, known_from, data) from stdin (format binary)"))
    {
        for (var i = 0; i < count; i++)
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
    return count;
}

// The same read model built by SQL alone: one row per reported version, its known interval by a window function,
// into a copy of the versions table with the same indexes.
static async Task<long> PureSqlRebuildAsync(NpgsqlDataSource raw)
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

static async Task<Latency> SseLatencyAsync(HttpClient http, string entity, int count, long seededThrough)
{
    var latencies = new List<double>();
    var revised = 0;
    var facts = await http.GetFromJsonAsync<JsonElement>($"/api/entities/{entity}/facts?concept=Concept000");
    var line = facts.GetProperty("facts")[0];
    using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(5));
    // Start from the end of the log: read the current last position, then follow.
    using var tail = new HttpRequestMessage(HttpMethod.Get, "/api/restatements/stream");
    var last = await LastPositionAsync(http, seededThrough);
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

// The sample subscriber as its own process: time from the revision's 201 until the subscriber has stored it.
static async Task<Latency> SubscriberLatencyAsync(HttpClient http, string database, string entity, int count, long seededThrough)
{
    var configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
    var dll = Path.Combine(FindRoot(), "samples", "Ledger.Subscriber", "bin", configuration, "net10.0", "Ledger.Subscriber.dll");
    var listener = System.Net.Sockets.TcpListener.Create(0);
    listener.Start();
    var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    var start = new ProcessStartInfo("dotnet", [dll, "run", "--urls", $"http://127.0.0.1:{port}"]) { RedirectStandardOutput = true, RedirectStandardError = true };
    start.Environment["SUBSCRIBER_CONNECTION_STRING"] = database;
    using var process = Process.Start(start)!;
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    using var subscriber = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    try
    {
        var facts = await http.GetFromJsonAsync<JsonElement>($"/api/entities/{entity}/facts?concept=Concept000");
        var line = facts.GetProperty("facts")[0];
        // Let it start and drain the backlog the earlier steps published, so only delivery is timed.
        var last = await LastPositionAsync(http, seededThrough);
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

// The position of the last restatement, paging the log from where the seeded history ends (it is not published).
static async Task<long> LastPositionAsync(HttpClient http, long seededThrough)
{
    var after = seededThrough;
    while (true)
    {
        var page = await http.GetFromJsonAsync<JsonElement>($"/api/restatements?after={after}&limit=500");
        if (page.GetProperty("next").ValueKind == JsonValueKind.Null) return after;
        after = page.GetProperty("next").GetInt64();
    }
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

static string MachineDescription() =>
    $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ledger.sln"))) dir = dir.Parent;
    return dir?.FullName ?? Directory.GetCurrentDirectory();
}
