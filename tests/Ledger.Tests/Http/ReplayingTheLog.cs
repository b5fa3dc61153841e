using System.Net;
using System.Net.Http.Json;
using Ledger.Api.Admin;
using Ledger.Api.Statements;
using Ledger.Domain.Values;
using Ledger.Projections.LineItemVersions;
using Ledger.Projections.LineItems;
using Ledger.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Ledger.Tests.Http;

/// <summary>
/// Operators replaying a large log into the line-item versions model, against a real API process: the replay equals
/// the live model row for row, queries answer correctly throughout, and the checked switch moves queries to version 2.
/// </summary>
public sealed class ReplayingTheLog(ITestOutputHelper output)
{
    [Fact]
    public async Task A_history_of_100000_line_item_events_replayed_from_the_log_equals_the_live_model_row_for_row_while_queries_keep_answering()
    {
        var database = await PostgresServer.CreateDatabaseAsync("ledger_replay");
        await using var node = ServiceProcess.Api(database);
        await node.StartAsync();
        var admin = new Operator(node.Client, database);
        await admin.GivenTheWorkedExampleAsync();
        await new SyntheticHistory(entities: 20, quarters: 40, conceptsPerFiling: 62).PostAsync(node.Client);
        // Line-item events, each a row of the line-item log; a filing stores its first reports and confirmations in one event.
        var lineItemEvents = await admin.ScalarAsync($"select count(*) from {LineItemLog.LogTable}");
        Assert.True(lineItemEvents >= 100_000, $"only {lineItemEvents} line-item events");
        var events = await admin.EventCountAsync();
        await admin.CaughtUpAsync(1);
        await admin.CaughtUpAsync(2);
        var v1 = await admin.RowsAsync(LineItemVersionsModel.Generation1);
        var v2 = await admin.RowsAsync(LineItemVersionsModel.Generation2);
        Assert.True((await admin.CompareAsync(2)).Equal);

        // Version 3 serves while version 2 is replayed from the log.
        var (rebuild, answers, progress) = await admin.RebuildWhileQueryingAsync(2);
        output.WriteLine($"rebuilt version 2 from {lineItemEvents:N0} line-item events ({events:N0} stored) in {rebuild.TotalSeconds:F1} s: " +
            $"{lineItemEvents / rebuild.TotalSeconds:N0} line-item events/s");
        AssertAllCorrect(answers);
        Assert.Contains(progress, p => p > 0 && p < events);
        Operator.AssertSameRows(v2, await admin.RowsAsync(LineItemVersionsModel.Generation2));

        // The checked switch: version 2 answers from now on, every row naming its filing where a filing caused it.
        var switched = await node.Client.PostAsJsonAsync("/api/admin/projections/line-item-versions/switch", new SwitchRequest(2));
        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        Assert.Equal(0, await admin.ScalarAsync($"select count(*) from {LineItemVersionsModel.Generation2.Table} where data->>'cause' in ('reported', 'restated') and data->>'filingTitle' is null"));
        var answer = await admin.IncomeStatementAsync();
        Assert.Equal(2, answer.ComputedFrom.ProjectionVersion);
        Assert.Equal("IIJ Announces Nine Months Financial Results for the Fiscal Year Ending March 31, 2013",
            answer.Lines.Single(l => l.Key == "rev.total").FilingTitle);

        // Now version 1, async, is the standby: replay it while version 2 serves.
        (rebuild, answers, _) = await admin.RebuildWhileQueryingAsync(1);
        output.WriteLine($"rebuilt version 1 from {lineItemEvents:N0} line-item events ({events:N0} stored) in {rebuild.TotalSeconds:F1} s: " +
            $"{lineItemEvents / rebuild.TotalSeconds:N0} line-item events/s");
        AssertAllCorrect(answers);
        // Version 3 is a standby too, but inline: every writer applies it in its own transaction, so it is not rebuilt online.
        var online = await node.Client.PostAsync("/api/admin/projections/line-item-versions/rebuild?version=3", null);
        Assert.Equal(RejectionCodes.ProjectionInline, (await Problem.ReadAsync(online, HttpStatusCode.Conflict)).Code);
        Operator.AssertSameRows(v1, await admin.RowsAsync(LineItemVersionsModel.Generation1));
    }

    private static void AssertAllCorrect(IReadOnlyList<StatementAnswer> answers)
    {
        Assert.True(answers.Count > 0, "no query ran during the rebuild");
        Assert.All(answers, a => Assert.Equal(76_690_090_000m, a.Lines.Single(l => l.Key == "rev.total").Value));
    }
}
