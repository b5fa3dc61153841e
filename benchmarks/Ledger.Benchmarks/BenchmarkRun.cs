using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Reading;
using Ledger.Projections.LineItemVersions;
using Marten;
using Npgsql;

namespace Ledger.Benchmarks;

/// <summary>One row of the results table: the ledger's figure beside its raw baseline, their ratio and the target.</summary>
public sealed record ResultRow(string Figure, string Ledger, string Baseline, string Ratio, string Target);

/// <summary>
/// What every measurement shares in one run: the service (its store, its HTTP client), the raw PostgreSQL the
/// baselines use, the synthetic ledger and its sizes. Each measurement lives in a file of its own and returns its rows.
/// </summary>
public sealed class BenchmarkRun
{
    public const int FactsPerFiling = 200;

    public required bool Quick { get; init; }
    public required string Database { get; init; }
    public required IServiceProvider Services { get; init; }
    public required IDocumentStore Store { get; init; }
    public required NpgsqlDataSource Raw { get; init; }
    public required SyntheticLedger Ledger { get; init; }
    public required int Entities { get; init; }
    public required int FilingsPerEntity { get; init; }
    public required int AppendedEntities { get; init; }
    public required HttpClient Http { get; set; }
    public long SeededThrough { get; set; }
    public int Samples => Quick ? 50 : 500;
    public int AppendedFacts => AppendedEntities * FilingsPerEntity * FactsPerFiling;
    public long Versions => (long)Entities * FilingsPerEntity * FactsPerFiling;

    public static string Ratio(double ratio) => $"{ratio * 100:F0} %";

    /// <summary>Makes <paramref name="generation"/> of the line-item versions the one the service's queries read.</summary>
    public static async Task ServeGenerationAsync(IServiceProvider services, int generation)
    {
        var serving = new ServingGeneration(LineItemVersionsModel.Name, generation, DateTimeOffset.UtcNow, 0, 0, 0);
        await using var session = services.GetRequiredService<IDocumentStore>().LightweightSession();
        session.Store(serving);
        await session.SaveChangesAsync();
        services.GetRequiredService<ServingGenerations>().Remember(serving);
    }

    /// <summary>
    /// Waits until every async shard the service configures (the restatement publisher, the hash chain, any standby) has
    /// applied the whole log, and says how long that took. The shards are the store's, not the agents running at the
    /// moment: a daemon just started has not yet started them all. <paramref name="stopped"/> names any stopped on purpose.
    /// </summary>
    public static async Task<TimeSpan> DaemonCaughtUpAsync(IServiceProvider services, NpgsqlDataSource database, params string[] stopped)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var shards = ((DocumentStore)services.GetRequiredService<IDocumentStore>()).Options.Projections.AllShards()
            .Select(shard => shard.Name).Where(name => !stopped.Contains(name.Name)).Select(name => name.Identity).ToArray();
        while (true)
        {
            // A shard with no progress row yet has applied nothing.
            await using var command = database.CreateCommand(
                "select coalesce(min(coalesce(p.last_seq_id, 0)), 0) >= (select coalesce(max(seq_id), 0) from ledger.mt_events) " +
                "from unnest($1::text[]) as shard(name) left join ledger.mt_event_progression p on p.name = shard.name");
            command.Parameters.Add(new() { Value = shards });
            if ((bool)(await command.ExecuteScalarAsync())!) return waited.Elapsed;
            if (waited.Elapsed > TimeSpan.FromHours(1)) throw new TimeoutException($"the daemon's shards ({string.Join(", ", shards)}) did not catch up with the log in an hour");
            await Task.Delay(20);
        }
    }

    public Task<TimeSpan> DaemonCaughtUpAsync() => DaemonCaughtUpAsync(Services, Raw);

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    public static string MachineDescription() =>
        $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";

    public static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ledger.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    /// <summary>A fresh database of its own for the run, on the server given.</summary>
    public static async Task<string> CreateDatabaseAsync(string server)
    {
        var name = $"ledger_bench_{Guid.NewGuid():N}"[..30];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"create database {name}", connection).ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 50 }.ConnectionString;
    }

    /// <summary>The position of the last restatement, paging the log from where the seeded history ends (it is not published).</summary>
    public async Task<long> LastRestatementPositionAsync()
    {
        var after = SeededThrough;
        while (true)
        {
            var page = await Http.GetFromJsonAsync<JsonElement>($"/api/restatements?after={after}&limit=500");
            if (page.GetProperty("next").ValueKind == JsonValueKind.Null) return after;
            after = page.GetProperty("next").GetInt64();
        }
    }
}
