using System.Net;
using System.Net.Http.Json;
using Ledger.Api.Admin;
using Ledger.Api.Restatements;
using Ledger.Projections.LineItemVersions;
using Ledger.Tests.Infrastructure;
using Npgsql;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Http;

/// <summary>Operators replaying projections from the event log, and the checks that keep a replay honest.</summary>
[Collection(LedgerApiCollection.Name)]
public sealed class RebuildingProjections(LedgerApi api)
{
    private Operator Operator => new(api.Client, api.ConnectionString);

    private async Task GivenAHistoryWithEveryKindOfChangeAsync()
    {
        await api.GivenTheWorkedExampleAsync();
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("FY", "2013-05-14", Revenue(76_700_000_000m), DividendPerShare(1_750.00m)));
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(76_690_090_000m)));
        await api.PostSplitAsync(entity, Split("S-1", 1, 200, "2013-06-01", "2013-06-01"));
        await api.PostRevisionAsync(entity, Revision("R-1", Revenue(76_710_000_000m), "2013-07-01", "error correction"));
    }

    [Fact]
    public async Task Rebuilding_replays_the_standby_version_from_the_log_into_exactly_the_rows_it_had_while_the_serving_version_answers()
    {
        await GivenAHistoryWithEveryKindOfChangeAsync();
        await Operator.CaughtUpAsync(2);
        var live = await Operator.RowsAsync(LineItemVersionsModel.Generation2);

        var (_, answers, _) = await Operator.RebuildWhileQueryingAsync(2);

        Assert.NotEmpty(answers);
        Assert.All(answers, a => Assert.Equal((3, 76_690_090_000m), (a.ComputedFrom.ProjectionVersion, a.Lines.Single(l => l.Key == "rev.total").Value)));
        Operator.AssertSameRows(live, await Operator.RowsAsync(LineItemVersionsModel.Generation2));
        Assert.True((await Operator.CompareAsync(2)).Equal);
    }

    [Fact]
    public async Task Projection_state_shows_each_version_with_its_position_lag_and_owner_and_the_serving_version_cannot_be_rebuilt()
    {
        await api.GivenTheWorkedExampleAsync();
        await Operator.CaughtUpAsync(1);
        await Operator.CaughtUpAsync(2);
        var logEnd = await Operator.ScalarAsync("select max(seq_id) from ledger.mt_events");
        var states = await Operator.StatesAsync();

        Assert.Equal(["line-item-versions v1 async", "line-item-versions v2 async", "line-item-versions v3 inline", "line-item-log v1 inline", "share-basis v1 live", "restatement-publisher v1 async subscription"],
            states.Select(s => $"{s.Name} v{s.Version} {s.Lifecycle}"));
        Assert.Equal([false, false, true], states.Take(3).Select(s => s.Serving));
        // Caught up, every projection has read the log to its end (the publisher to its last restatement at least).
        Assert.All(states.Where(s => s.Name != RestatementPublisher.Name), s => Assert.Equal((logEnd, 0L), (s.Position, s.Lag)));
        Assert.All(states, s => Assert.Equal(logEnd - s.Position, s.Lag));
        Assert.All(states, s => Assert.InRange(s.HighWaterMark, 1, logEnd));
        Assert.All(states.Where(s => s.Lifecycle.StartsWith("async")), s => Assert.True(s.RunsHere));
        var serving = await api.Client.PostAsync("/api/admin/projections/line-item-versions/rebuild?version=3", null);
        Assert.Equal("projection_serving", (await Problem.ReadAsync(serving, HttpStatusCode.Conflict)).Code);
        var live = await api.Client.PostAsync("/api/admin/projections/share-basis/rebuild", null);
        Assert.Equal("projection_live", (await Problem.ReadAsync(live, HttpStatusCode.Conflict)).Code);
        var unknown = await api.Client.PostAsync("/api/admin/projections/horoscope/rebuild", null);
        Assert.Equal("projection_unknown", (await Problem.ReadAsync(unknown, HttpStatusCode.NotFound)).Code);
    }

    [Fact]
    public async Task A_difference_the_version_change_does_not_explain_blocks_the_switch_and_names_the_first_differing_row()
    {
        await GivenAHistoryWithEveryKindOfChangeAsync();
        await Operator.CaughtUpAsync(2);
        var tampered = (await Operator.RowsAsync(LineItemVersionsModel.Generation2)).First(r => r.Id.StartsWith("IIJ|Revenues|")).Id;
        await ExecuteAsync($"update {LineItemVersionsModel.Generation2.Table} set data = jsonb_set(data, '{{value}}', '1') where id = @id", tampered);
        try
        {
            var refused = await api.Client.PostAsJsonAsync("/api/admin/projections/line-item-versions/switch", new SwitchRequest(2));

            var problem = await Problem.ReadAsync(refused, HttpStatusCode.Conflict);
            Assert.Equal("versions_differ", problem.Code);
            var comparison = (await Operator.CompareAsync(2));
            var difference = Assert.Single(comparison.Differences);
            Assert.Equal("IIJ", difference.Entity);
            // Compared with the narrow serving generation version by version, a row is named by its line item and version.
            Assert.StartsWith(difference.FirstDifferingRows[0].Id + "#", tampered);
            Assert.True((await Operator.StateAsync(3)).Serving);
        }
        finally
        {
            // Put the standby back as the log says it is, for the tests that follow.
            await Operator.RebuildWhileQueryingAsync(2);
        }
        Assert.True((await Operator.CompareAsync(2)).Equal);
    }

    [Fact]
    public async Task A_rebuild_asked_to_switch_makes_no_switch_when_the_generations_differ_and_the_serving_one_stays()
    {
        await GivenAHistoryWithEveryKindOfChangeAsync();
        await Operator.CaughtUpAsync(2);
        // The serving generation's first IIJ revenue version, tampered with: a rebuilt standby cannot equal it.
        var serving = LineItemVersionsModel.Generation3.Table;
        var original = await Operator.ScalarAsync($"select value from {serving} where line_item_id like 'IIJ|Revenues|%' and version = 1 order by line_item_id limit 1");
        const string first = "(select line_item_id from {0} where line_item_id like 'IIJ|Revenues|%' and version = 1 order by line_item_id limit 1)";
        await ExecuteAsync($"update {serving} set value = 1 where version = 1 and line_item_id = {string.Format(first, serving)}", "", "");
        try
        {
            var state = await RebuildAsync(2, thenSwitch: true);

            Assert.Equal("succeeded", state.Rebuild!.Status);
            Assert.StartsWith("refused (versions_differ)", state.Rebuild.Switch);
            Assert.Equal((false, true), (state.Serving, (await Operator.StateAsync(3)).Serving));
        }
        finally
        {
            await ExecuteAsync($"update {serving} set value = {original} where version = 1 and line_item_id = {string.Format(first, serving)}", "", "");
        }
        Assert.True((await Operator.CompareAsync(2)).Equal);
    }

    /// <summary>
    /// A lock on the standby's table holds its rebuild at its first write, so the switch asked meanwhile meets a rebuild
    /// that is certainly running: refused, and the serving generation stays.
    /// </summary>
    [Fact]
    public async Task A_switch_to_a_generation_being_rebuilt_is_refused_with_rebuild_running_and_the_serving_one_stays()
    {
        await GivenAHistoryWithEveryKindOfChangeAsync();
        await Operator.CaughtUpAsync(2);
        HttpResponseMessage refused;
        await using (var holder = new NpgsqlConnection(api.ConnectionString))
        {
            await holder.OpenAsync();
            await using var hold = await holder.BeginTransactionAsync();
            await using (var lockRows = new NpgsqlCommand($"lock table {LineItemVersionsModel.Generation2.Table} in exclusive mode", holder, hold))
                await lockRows.ExecuteNonQueryAsync();
            var started = await api.Client.PostAsync("/api/admin/projections/line-item-versions/rebuild?version=2", null);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);

            refused = await api.Client.PostAsJsonAsync("/api/admin/projections/line-item-versions/switch", new SwitchRequest(2));

            Assert.Equal("running", (await Operator.StateAsync(2)).Rebuild!.Status);
            await hold.CommitAsync();
        }
        Assert.Equal("rebuild_running", (await Problem.ReadAsync(refused, HttpStatusCode.Conflict)).Code);
        var state = await Eventually.GetAsync(() => Operator.StateAsync(2), s => s.Rebuild?.Status is "succeeded" or "failed", TimeSpan.FromMinutes(3), "the rebuild to end");
        Assert.Equal(("succeeded", false), (state.Rebuild!.Status, state.Serving));
        Assert.True((await Operator.StateAsync(3)).Serving);
        await Operator.CaughtUpAsync(2);
        Assert.True((await Operator.CompareAsync(2)).Equal);
    }

    private async Task<ProjectionState> RebuildAsync(int version, bool thenSwitch = false)
    {
        var started = await api.Client.PostAsync($"/api/admin/projections/line-item-versions/rebuild?version={version}&thenSwitch={thenSwitch}", null);
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        return await Eventually.GetAsync(() => Operator.StateAsync(version), s => s.Rebuild?.Status is "succeeded" or "failed",
            TimeSpan.FromMinutes(3), $"the rebuild of version {version} to end");
    }

    private async Task ExecuteAsync(string sql, string id, string data)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new("id", id), new("data", data) } };
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task ExecuteAsync(string sql, string id)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new("id", id) } };
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
