using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Ledger.Api.Admin;
using Ledger.Api.Statements;
using Ledger.Domain.Values;
using Ledger.Projections.LineItemVersions;
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
        var v1 = await admin.RowsAsync(LineItemVersionsModel.Generation1);
        var v2 = await admin.RowsAsync(LineItemVersionsModel.Generation2);
        Assert.True((await admin.CompareAsync(2)).Equal);

        // Version 1 serves while version 2 is replayed from the log.
        var (rebuild, answers, progress) = await admin.RebuildWhileQueryingAsync(2);
        output.WriteLine($"rebuilt version 2 from {events:N0} events in {rebuild.TotalSeconds:F1} s: {events / rebuild.TotalSeconds:N0} events/s");
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

        // Now version 1 is the standby, but inline: every writer applies it in its own transaction, so it is not rebuilt
        // online. The operator stops the service and replays it from the command line.
        var online = await node.Client.PostAsync("/api/admin/projections/line-item-versions/rebuild?version=1", null);
        Assert.Equal(RejectionCodes.ProjectionInline, (await Problem.ReadAsync(online, HttpStatusCode.Conflict)).Code);
        await node.KillAsync();
        var clock = Stopwatch.StartNew();
        var (exit, said) = await ServiceProcess.CommandAsync(database, null, "projections", "rebuild", "-p", LineItemVersionsModel.Generation1.ShardName);
        Assert.True(exit == 0, said);
        output.WriteLine($"rebuilt version 1 offline from {events:N0} events in {clock.Elapsed.TotalSeconds:F1} s: {events / clock.Elapsed.TotalSeconds:N0} events/s");
        Operator.AssertSameRows(v1, await admin.RowsAsync(LineItemVersionsModel.Generation1));
    }

    private static void AssertAllCorrect(IReadOnlyList<StatementAnswer> answers)
    {
        Assert.True(answers.Count > 0, "no query ran during the rebuild");
        Assert.All(answers, a => Assert.Equal(76_690_090_000m, a.Lines.Single(l => l.Key == "rev.total").Value));
    }
}
