using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Ledger.Api.Admin;
using Ledger.Api.Statements;
using Ledger.Projections.LineItemVersions;
using Npgsql;

namespace Ledger.Tests.Infrastructure;

/// <summary>What an operator does with a running node: rebuild, watch progress, compare, read rows.</summary>
public sealed class Operator(HttpClient client, string database)
{
    /// <summary>
    /// Given the worked example: every file of it posted to the public API in order, as a client would. Posting is
    /// idempotent, so every test may call this; only the first call records anything.
    /// </summary>
    public async Task GivenTheWorkedExampleAsync()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "WorkedExample", "IIJ");
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var route = Path.GetFileName(file).Split('-')[1] switch { "filing" => "filings", "split" => "splits", _ => "revisions" };
            using var body = new StringContent(await File.ReadAllTextAsync(file), System.Text.Encoding.UTF8, "application/json");
            var response = await client.PostAsync($"/api/entities/IIJ/{route}", body);
            Assert.True(response.IsSuccessStatusCode, $"{Path.GetFileName(file)}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
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

    /// <summary>
    /// Rebuilds a version while a loop asks the income statement; returns the rebuild's time, the answers to the
    /// questions that were in flight while it ran (never none: the loop has answered once before the rebuild starts)
    /// and the positions seen.
    /// </summary>
    public async Task<(TimeSpan Rebuild, IReadOnlyList<StatementAnswer> Answers, IReadOnlyList<long> Progress)> RebuildWhileQueryingAsync(
        int version, bool thenSwitch = false)
    {
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var asked = new List<(TimeSpan Asked, TimeSpan Answered, StatementAnswer Answer)>();
        var firstAnswer = new TaskCompletionSource();
        var querying = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var at = clock.Elapsed;
                var answer = await IncomeStatementAsync();
                lock (asked) asked.Add((at, clock.Elapsed, answer));
                firstAnswer.TrySetResult();
            }
        });
        await Task.WhenAny(firstAnswer.Task, querying);
        var began = clock.Elapsed;
        var started = await client.PostAsync($"/api/admin/projections/line-item-versions/rebuild?version={version}&thenSwitch={thenSwitch}", null);
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, $"the rebuild did not start: {(int)started.StatusCode} {await started.Content.ReadAsStringAsync()}");
        var progress = new List<long>();
        var state = await Eventually.GetAsync(async () =>
        {
            var s = await StateAsync(version);
            progress.Add(s.Position);
            return s;
        }, s => s.Rebuild?.Status is "succeeded" or "failed", TimeSpan.FromMinutes(5), $"the rebuild of version {version}");
        var ended = clock.Elapsed;
        stop.Cancel();
        await querying;
        Assert.Equal("succeeded", state.Rebuild!.Status);
        if (thenSwitch) Assert.StartsWith("switched", state.Rebuild.Switch);
        var during = asked.Where(a => a.Asked < ended && a.Answered > began).Select(a => a.Answer).ToList();
        Assert.True(during.Count > 0, "no question was in flight while the rebuild ran");
        return (ended - began, during, progress);
    }

    public async Task<List<(string Id, string Data)>> RowsAsync(ModelGeneration version)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        // A narrow generation's rows are typed columns, keyed by line item and version.
        await using var command = new NpgsqlCommand(version.Narrow
            ? $"select v.line_item_id || '#' || v.version as id, row(v.*)::text from {version.Table} v order by 1"
            : $"select id, data::text from {version.Table} order by id", connection);
        var rows = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }

    public async Task<long> EventCountAsync() => await ScalarAsync("select count(*) from ledger.mt_events");

    public async Task<long> ScalarAsync(string sql) => Convert.ToInt64(await ValueAsync(sql));

    public async Task<string?> TextAsync(string sql) => (await ValueAsync(sql)) as string;

    private async Task<object?> ValueAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Every row the same, in id order; a difference fails with the first differing row.</summary>
    public static void AssertSameRows(IReadOnlyList<(string Id, string Data)> live, IReadOnlyList<(string Id, string Data)> rebuilt)
    {
        var firstDifference = live.Zip(rebuilt).FirstOrDefault(pair => pair.First != pair.Second);
        Assert.True(firstDifference == default, $"first differing row: live {firstDifference.First} vs rebuilt {firstDifference.Second}");
        Assert.Equal(live.Count, rebuilt.Count);
    }
}
