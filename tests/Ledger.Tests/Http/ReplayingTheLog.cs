using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Ledger.Api.Admin;
using Ledger.Api.Statements;
using Ledger.Projections.LineItemVersions;
using Ledger.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Ledger.Tests.Http;

/// <summary>
/// Operators replaying a large log into the line-item versions model, against a real API process: the replay equals
/// the live model row for row, queries answer correctly throughout, and the checked switch moves queries to version 2.
/// </summary>
[Collection(LedgerApiCollection.Name)]
public sealed class ReplayingTheLog(ITestOutputHelper output)
{
    [Fact]
    public async Task A_history_of_100000_events_replayed_from_the_log_equals_the_live_model_row_for_row_while_queries_keep_answering()
    {
        var database = await PostgresServer.CreateDatabaseAsync("ledger_replay");
        await using var node = ServiceProcess.Api(database);
        await node.StartAsync();
        var admin = new Operator(node.Client, database);
        await admin.GivenTheWorkedExampleAsync();
        await new SyntheticHistory(entities: 20, quarters: 40, conceptsPerFiling: 62).PostAsync(node.Client);
        var events = await admin.EventCountAsync();
        Assert.True(events >= 100_000, $"only {events} events");
        await admin.CaughtUpAsync(2);
        var v1 = await admin.RowsAsync(LineItemVersionsModel.V1);
        var v2 = await admin.RowsAsync(LineItemVersionsModel.V2);
        Assert.True((await admin.CompareAsync(2)).Equal);

        // Version 1 serves while version 2 is replayed from the log.
        var (rebuild, answers, progress) = await admin.RebuildWhileQueryingAsync(2);
        output.WriteLine($"rebuilt version 2 from {events:N0} events in {rebuild.TotalSeconds:F1} s: {events / rebuild.TotalSeconds:N0} events/s");
        AssertAllCorrect(answers);
        Assert.Contains(progress, p => p > 0 && p < events);
        AssertSameRows(v2, await admin.RowsAsync(LineItemVersionsModel.V2));

        // The checked switch: version 2 answers from now on, every row naming its filing where a filing caused it.
        var switched = await node.Client.PostAsJsonAsync("/api/admin/projections/line-item-versions/switch", new SwitchRequest(2));
        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        Assert.Equal(0, await admin.ScalarAsync($"select count(*) from {LineItemVersionsModel.V2.Table} where data->>'cause' in ('reported', 'restated') and data->>'filingTitle' is null"));
        var answer = await admin.IncomeStatementAsync();
        Assert.Equal(2, answer.ComputedFrom.ProjectionVersion);
        Assert.Equal("IIJ Announces Nine Months Financial Results for the Fiscal Year Ending March 31, 2013",
            answer.Lines.Single(l => l.Key == "rev.total").FilingTitle);

        // Now version 1 is the standby: replay it while version 2 serves.
        (rebuild, answers, _) = await admin.RebuildWhileQueryingAsync(1);
        output.WriteLine($"rebuilt version 1 from {events:N0} events in {rebuild.TotalSeconds:F1} s: {events / rebuild.TotalSeconds:N0} events/s");
        AssertAllCorrect(answers);
        AssertSameRows(v1, await admin.RowsAsync(LineItemVersionsModel.V1));
    }

    private static void AssertAllCorrect(IReadOnlyList<StatementAnswer> answers)
    {
        Assert.True(answers.Count > 0, "no query ran during the rebuild");
        Assert.All(answers, a => Assert.Equal(76_690_090_000m, a.Lines.Single(l => l.Key == "rev.total").Value));
    }

    public static void AssertSameRows(IReadOnlyList<(string Id, string Data)> live, IReadOnlyList<(string Id, string Data)> rebuilt)
    {
        var firstDifference = live.Zip(rebuilt).FirstOrDefault(pair => pair.First != pair.Second);
        Assert.True(firstDifference == default, $"first differing row: live {firstDifference.First} vs rebuilt {firstDifference.Second}");
        Assert.Equal(live.Count, rebuilt.Count);
    }
}

/// <summary>What an operator does with a running node: rebuild, watch progress, compare, read rows.</summary>
public sealed class Operator(HttpClient client, string database)
{
    public async Task GivenTheWorkedExampleAsync()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "WorkedExample", "IIJ");
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var route = Path.GetFileName(file).Split('-')[1] switch { "filing" => "filings", "split" => "splits", _ => "revisions" };
            using var body = new StringContent(await File.ReadAllTextAsync(file), System.Text.Encoding.UTF8, "application/json");
            Assert.True((await client.PostAsync($"/api/entities/IIJ/{route}", body)).IsSuccessStatusCode, file);
        }
    }

    public async Task<StatementAnswer> IncomeStatementAsync() =>
        (await client.GetFromJsonAsync<StatementAnswer>("/api/entities/IIJ/statements/income?period=2012-04-01/2012-12-31&asOf=2013-02-08", LedgerApi.Json))!;

    public async Task<IReadOnlyList<ProjectionState>> StatesAsync() =>
        (await client.GetFromJsonAsync<List<ProjectionState>>("/api/admin/projections", LedgerApi.Json))!;

    public async Task<ProjectionState> StateAsync(int version) =>
        (await StatesAsync()).Single(s => s.Name == LineItemVersionsModel.Name && s.Version == version);

    public Task CaughtUpAsync(int version) =>
        Eventually.GetAsync(() => StateAsync(version), s => s.Lag == 0, TimeSpan.FromSeconds(120), $"version {version} to catch up");

    public async Task<Comparison> CompareAsync(int version) =>
        (await client.GetFromJsonAsync<Comparison>($"/api/admin/projections/line-item-versions/comparison?version={version}", LedgerApi.Json))!;

    /// <summary>Rebuilds a version while a loop asks the income statement; returns the rebuild's time, the answers and the positions seen.</summary>
    public async Task<(TimeSpan Rebuild, IReadOnlyList<StatementAnswer> Answers, IReadOnlyList<long> Progress)> RebuildWhileQueryingAsync(int version)
    {
        using var stop = new CancellationTokenSource();
        var answers = new List<StatementAnswer>();
        var querying = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) answers.Add(await IncomeStatementAsync());
        });
        var clock = Stopwatch.StartNew();
        var started = await client.PostAsync($"/api/admin/projections/line-item-versions/rebuild?version={version}", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var progress = new List<long>();
        var state = await Eventually.GetAsync(async () =>
        {
            var s = await StateAsync(version);
            progress.Add(s.Position);
            return s;
        }, s => s.Rebuild?.Status is "succeeded" or "failed", TimeSpan.FromMinutes(5), $"the rebuild of version {version}");
        var elapsed = clock.Elapsed;
        stop.Cancel();
        await querying;
        Assert.Equal("succeeded", state.Rebuild!.Status);
        return (elapsed, answers, progress);
    }

    public async Task<List<(string Id, string Data)>> RowsAsync(ModelVersion version)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select id, data::text from {version.Table} order by id", connection);
        var rows = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }

    public async Task<long> EventCountAsync() => await ScalarAsync("select count(*) from ledger.mt_events");

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
