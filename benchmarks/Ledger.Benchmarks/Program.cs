using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ledger.Api.Access;
using Ledger.Api.Hosting;
using Ledger.Api.Reading;
using Ledger.Benchmarks;
using Ledger.Projections.LineItemVersions;
using Marten;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;

// Ledger against raw PostgreSQL, in one run, as ratios. `--quick` is the smoke-sized run ./test.sh uses.
// This file only sizes the run, starts the service and orders the measurements; each measurement has its own file.
var quick = args.Contains("--quick");
var versionsTarget = ArgValue("--versions") is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : quick ? 4_000 : 1_000_000;
// How many facts go through the real write path; the rest of the log is seeded (EventLogSeed) to reach the size.
var appendTarget = ArgValue("--append") is { } a ? int.Parse(a, CultureInfo.InvariantCulture) : Math.Min(versionsTarget, 250_000);
var root = BenchmarkRun.FindRoot();
var output = ArgValue("--out") ?? Path.Combine(root, "benchmarks", "results", quick ? "quick.md" : "latest.md");
var entities = Math.Max(2, (int)Math.Sqrt(versionsTarget / BenchmarkRun.FactsPerFiling));
var filingsPerEntity = Math.Max(1, versionsTarget / BenchmarkRun.FactsPerFiling / entities);
// Whole entities are appended or seeded, at least the two the subscription measurements revise.
var appendedEntities = Math.Clamp((int)Math.Ceiling(appendTarget / (double)(filingsPerEntity * BenchmarkRun.FactsPerFiling)), 2, entities);
var runStarted = Stopwatch.GetTimestamp();
var loadAtStart = BenchmarkRun.LoadAverage();

var server = Environment.GetEnvironmentVariable("LEDGER_BENCH_CONNECTION_STRING") ?? Environment.GetEnvironmentVariable("LEDGER_TEST_CONNECTION_STRING")
    ?? throw new InvalidOperationException("Set LEDGER_BENCH_CONNECTION_STRING (or run through ./benchmarks/run.sh, which starts a private PostgreSQL).");
var database = await BenchmarkRun.CreateDatabaseAsync(server);
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
    await RealImport.RunAsync(app.Services, root, ArgValue("--out") ?? Path.Combine(root, "benchmarks", "results", "latest.md"), loadAtStart);
    return 0;
}
// The baselines are single long statements at 10M (a pure-SQL rebuild runs for minutes): no command timeout.
await using var raw = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database) { CommandTimeout = 0 }.ConnectionString);
if (ArgValue("--profile-append") is { } profiled)
{
    // Where one filing's append goes: the write path alone (no daemon), one writer; see AppendProfile.
    await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    var profile = await AppendProfile.RunAsync(store, new SyntheticLedger(BenchmarkRun.FactsPerFiling), raw, int.Parse(profiled, CultureInfo.InvariantCulture));
    Console.WriteLine(profile);
    if (ArgValue("--out") is { } profileOut) await File.WriteAllTextAsync(profileOut, profile);
    return 0;
}
using var http = new HttpClient();
var run = new BenchmarkRun
{
    Quick = quick, Database = database, Services = app.Services, Store = store, Raw = raw, Ledger = new SyntheticLedger(BenchmarkRun.FactsPerFiling),
    Entities = entities, FilingsPerEntity = filingsPerEntity, AppendedEntities = appendedEntities, Http = http,
};
var rows = new List<ResultRow>();
var notes = new List<string>();
Console.WriteLine($"Ledger benchmarks: {entities} entities × {filingsPerEntity} filings × {BenchmarkRun.FactsPerFiling} facts ≈ {run.Versions:N0} line-item versions, " +
    $"{run.AppendedFacts:N0} of them through the write path{(quick ? " (quick)" : "")}");

// 0. The part of the log not appended through the write path is seeded first, before the service starts.
if (appendedEntities < entities)
{
    await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    var seedStarted = Stopwatch.GetTimestamp();
    run.SeededThrough = await new EventLogSeed(store, raw).SeedAsync(run.Ledger, Enumerable.Range(appendedEntities, entities - appendedEntities), filingsPerEntity);
    var seconds = Stopwatch.GetElapsedTime(seedStarted).TotalSeconds;
    notes.Add($"{(long)(entities - appendedEntities) * filingsPerEntity * BenchmarkRun.FactsPerFiling:N0} of the line-item versions ({entities - appendedEntities} of {entities} entities) were seeded: " +
        $"decided by the domain and copied into Marten's event tables ({run.SeededThrough:N0} events in {seconds:N0} s); the versions read model over them is the one the rebuild below builds.");
}
await app.StartAsync();
http.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
http.DefaultRequestHeaders.Authorization = new("Bearer", AccessTokens.Local(signingKey).Mint("benchmark", Roles.All, DateTime.UtcNow.AddDays(1)));

// A running service's daemon keeps up with the log; a seeded log is new to it. The append is measured once the daemon
// has applied the seeded history (the hash chain over it), as it would have on a service that recorded that history.
if (appendedEntities < entities)
    notes.Add($"Before the append was measured, the service's daemon applied the seeded log (the hash chain over it) in {(await run.DaemonCaughtUpAsync()).TotalSeconds:N0} s.");

// 1. Append, 2. rebuild (before the queries: with a seeded log it builds the read model they read), 3. as-of reads,
// 4. subscriptions. Rows are listed in the table's order, not the order measured.
rows.AddRange(await AppendMeasurement.RunAsync(run));
var rebuildRows = await RebuildMeasurement.RunAsync(run);
// Generation 3 answers the queries: it is the generation the rebuild built over the whole log (seeded part included).
await BenchmarkRun.ServeGenerationAsync(app.Services, LineItemVersionsGeneration3.Generation);
rows.AddRange(await AsOfMeasurement.RunAsync(run));
rows.AddRange(rebuildRows);
rows.Add(await SseMeasurement.RunAsync(run));
rows.Add(await SubscriberMeasurement.RunAsync(run));
// 5. What authentication and the hash chain cost, against a second service without them (last: it adds entities).
rows.AddRange(await TrustMeasurement.RunAsync(run, server));

notes.Add($"The whole run took {Stopwatch.GetElapsedTime(runStarted).TotalMinutes:N0} min; load average (1 min) {loadAtStart} at its start and {BenchmarkRun.LoadAverage()} at its end, " +
    "on cores shared with other work, so compare the ratios (ledger and baseline measured in the same run) rather than absolute figures.");
var table = new StringBuilder()
    .AppendLine($"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC · {run.Versions:N0} line-item versions · {BenchmarkRun.MachineDescription()}")
    .AppendLine()
    .AppendLine("| figure | ledger | raw baseline | ratio | target |")
    .AppendLine("| --- | --- | --- | --- | --- |");
foreach (var row in rows) table.AppendLine($"| {row.Figure} | {row.Ledger} | {row.Baseline} | {row.Ratio} | {row.Target} |");
foreach (var note in notes) table.AppendLine().AppendLine(note);
Console.WriteLine(table);
await ResultsFile.WriteAsync(output, $"Ledger benchmarks{(quick ? " (quick smoke run)" : "")}", run.Versions, table.ToString());
await app.StopAsync();
return 0;

string? ArgValue(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
