using System.Net;
using System.Net.Http.Json;
using Ledger.Api.Admin;
using Ledger.Api.Facts;
using Ledger.Api.Restatements;
using Ledger.Projections.LineItemVersions;
using Ledger.Tests.Infrastructure;
using Npgsql;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Http;

/// <summary>
/// Faults injected into running processes on a database of their own: backends terminated in the middle of an append,
/// a rebuild and a switch; a rebuild whose writes fail; a generation held behind the log; the sample subscriber killed
/// inside its handler. Each test has its own database, so the class runs beside the shared collection.
/// </summary>
public sealed class SurvivingFaults
{
    [Fact]
    public async Task An_append_whose_backend_is_terminated_mid_transaction_records_nothing_and_its_retry_records_everything()
    {
        var database = await PostgresServer.CreateDatabaseAsync("ledger_faults");
        await using var node = ServiceProcess.Api(database);
        await node.StartAsync();
        var entity = NewEntity();
        var facts = Enumerable.Range(0, 20).Select(i => Revenue(1_000m * (i + 1)) with { Concept = $"Line{i:D2}" }).ToArray();
        var filing = Filing("F-1", "2013-02-08", facts);
        var events = await ScalarAsync(database, "select count(*) from ledger.mt_events");

        // A lock on the event table holds the append after it has started writing; its backend is then terminated.
        HttpResponseMessage cut;
        await using (var held = await TableLock.TakeAsync(database, "ledger.mt_events", "share"))
        {
            var posting = node.Client.PostAsJsonAsync($"/api/entities/{entity}/filings", filing, LedgerApi.Json);
            await Eventually.GetAsync(held.TerminateAWaiterAsync, terminated => terminated, TimeSpan.FromSeconds(30), "the append to wait at the event table");
            await held.ReleaseAsync();
            cut = await posting;
        }

        Assert.False(cut.IsSuccessStatusCode, $"{(int)cut.StatusCode}");
        Assert.Equal(events, await ScalarAsync(database, "select count(*) from ledger.mt_events"));
        Assert.Equal(0, await ScalarAsync(database, $"select count(*) from ledger.mt_streams where id like '%{entity}%'"));
        var retried = await node.Client.PostAsJsonAsync($"/api/entities/{entity}/filings", filing, LedgerApi.Json);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        var recorded = await node.Client.GetFromJsonAsync<FactsAnswer>($"/api/entities/{entity}/facts?asOf=2013-02-08", LedgerApi.Json);
        Assert.Equal(facts.Select(f => (f.Concept, f.Value)).Order(), recorded!.Facts.Select(f => (f.Concept, (decimal?)f.Value)).Order());
    }

    [Fact]
    public async Task A_rebuild_whose_writes_fail_ends_failed_and_the_serving_generation_answers_as_before()
    {
        var database = await PostgresServer.CreateDatabaseAsync("ledger_faults");
        await using var node = ServiceProcess.Api(database);
        await node.StartAsync();
        var admin = new Operator(node.Client, database);
        await admin.GivenTheWorkedExampleAsync();
        await admin.CaughtUpAsync(2);
        var before = await admin.IncomeStatementAsync();
        var serving = await admin.RowsAsync(LineItemVersionsModel.Generation3);
        var table = LineItemVersionsModel.Generation2.Table;
        await ScalarAsync(database, "create function ledger.test_refuse_rows() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$");
        await ScalarAsync(database, $"create trigger test_refuse_rows before insert or update on {table} for each row execute function ledger.test_refuse_rows()");

        var started = await node.Client.PostAsync("/api/admin/projections/line-item-versions/rebuild?version=2", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var state = await Eventually.GetAsync(() => admin.StateAsync(2), s => s.Rebuild?.Status is "succeeded" or "failed",
            TimeSpan.FromMinutes(3), "the rebuild to end");

        Assert.Equal("failed", state.Rebuild!.Status);
        Assert.Contains("refused by the test", state.Rebuild.Error);
        Assert.True((await admin.StateAsync(3)).Serving);
        var after = await admin.IncomeStatementAsync();
        Assert.Equal(3, after.ComputedFrom.ProjectionVersion);
        Assert.Equal(before.Lines.Select(l => (l.Key, l.Value)), after.Lines.Select(l => (l.Key, l.Value)));
        Operator.AssertSameRows(serving, await admin.RowsAsync(LineItemVersionsModel.Generation3));
    }

    /// <summary>
    /// A lock on generation 2's table holds its daemon behind a filing that generation 3 (inline, serving) already holds. The
    /// node waits one second for a candidate to catch up (<c>Ledger:Projections:CatchUpWait</c>), so the refusal comes
    /// quickly; once the lock goes and generation 2 catches up, the same switch is made.
    /// </summary>
    [Fact]
    public async Task A_switch_to_a_generation_held_behind_the_log_is_refused_with_version_behind_and_the_serving_one_stays()
    {
        var (database, node, admin, entity) = await GivenANodeWithTheFilingAsync(ShortCatchUpWait);
        await using var _ = node;

        HttpResponseMessage refused;
        ProjectionState held;
        await using (var locked = await TableLock.TakeAsync(database, LineItemVersionsModel.Generation2.Table, "exclusive"))
        {
            await FileAsync(node, NewEntity(), Filing("F-1", "2013-02-08", Revenue(1_000m)));

            refused = await node.Client.PostAsJsonAsync("/api/admin/projections/line-item-versions/switch", new SwitchRequest(2), LedgerApi.Json);
            held = await admin.StateAsync(2);
        }

        var problem = await Problem.ReadAsync(refused, HttpStatusCode.Conflict);
        Assert.Equal("version_behind", problem.Code);
        Assert.True(held.Lag > 0, $"generation 2 was not behind: {held}");
        Assert.Equal((true, false), ((await admin.StateAsync(3)).Serving, (await admin.StateAsync(2)).Serving));
        var answer = await FactsAsync(node, entity);
        Assert.Equal(3, answer.ComputedFrom.ProjectionVersion);
        AssertAnswersTheFiling(answer);
        await admin.CaughtUpAsync(2);
        var switched = await node.Client.PostAsJsonAsync("/api/admin/projections/line-item-versions/switch", new SwitchRequest(2), LedgerApi.Json);
        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        Assert.Equal(2, (await FactsAsync(node, entity)).ComputedFrom.ProjectionVersion);
    }

    /// <summary>
    /// A lock on generation 2's table holds its rebuild at its first write (emptying the table), and every backend the
    /// rebuild waits on there is terminated until the rebuild ends.
    /// </summary>
    [Fact]
    public async Task A_rebuild_whose_backend_is_terminated_ends_failed_and_the_serving_generation_answers_as_before()
    {
        var (database, node, admin, entity) = await GivenANodeWithTheFilingAsync();
        await using var _ = node;
        var serving = await admin.RowsAsync(LineItemVersionsModel.Generation3);

        ProjectionState ended;
        var terminated = 0;
        await using (var locked = await TableLock.TakeAsync(database, LineItemVersionsModel.Generation2.Table, "exclusive"))
        {
            var started = await node.Client.PostAsync("/api/admin/projections/line-item-versions/rebuild?version=2", null);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            ended = await Eventually.GetAsync(async () =>
            {
                if (await locked.TerminateAWaiterAsync()) terminated++;
                return await admin.StateAsync(2);
            }, s => s.Rebuild?.Status is "succeeded" or "failed", TimeSpan.FromSeconds(60), "the rebuild to end");
        }

        Assert.True(terminated > 0, "no backend of the rebuild was terminated");
        Assert.Equal("failed", ended.Rebuild!.Status);
        Assert.Equal((true, false), ((await admin.StateAsync(3)).Serving, ended.Serving));
        var answer = await FactsAsync(node, entity);
        Assert.Equal(3, answer.ComputedFrom.ProjectionVersion);
        AssertAnswersTheFiling(answer);
        Operator.AssertSameRows(serving, await admin.RowsAsync(LineItemVersionsModel.Generation3));

        // And the node runs the standby on and rebuilds it when asked again, without a restart.
        Console.WriteLine($"the failed rebuild's error: {ended.Rebuild.Error}");
        Assert.Equal(HttpStatusCode.Accepted, (await node.Client.PostAsync("/api/admin/projections/line-item-versions/rebuild?version=2", null)).StatusCode);
        var again = await Eventually.GetAsync(() => admin.StateAsync(2), s => s.Rebuild?.Status is "succeeded" or "failed", TimeSpan.FromSeconds(60), "the second rebuild to end");
        Assert.Equal("succeeded", again.Rebuild!.Status);
        await admin.CaughtUpAsync(2);
    }

    /// <summary>
    /// A lock on the table that records the serving generation holds the switch at its one write, and every backend
    /// waiting there is terminated until the request ends: the switch cannot commit, so version 3 must serve everywhere
    /// (in the database, in the admin view, in answers), and a switch asked once the lock is gone is made whole.
    /// </summary>
    [Fact]
    public async Task A_switch_whose_backend_is_terminated_as_it_records_itself_does_not_half_happen()
    {
        var (database, node, admin, entity) = await GivenANodeWithTheFilingAsync();
        await using var _ = node;

        HttpResponseMessage cut;
        var terminated = 0;
        await using (var locked = await TableLock.TakeAsync(database, ServingTable, "exclusive"))
        {
            var switching = node.Client.PostAsJsonAsync("/api/admin/projections/line-item-versions/switch", new SwitchRequest(2), LedgerApi.Json);
            while (!switching.IsCompleted)
            {
                if (await locked.TerminateAWaiterAsync()) terminated++;
                await Task.WhenAny(switching, Task.Delay(50));
            }
            cut = await switching;
        }

        Assert.True(terminated > 0, "the switch never waited to record itself");
        Assert.Equal("database_unavailable", (await Problem.ReadAsync(cut, HttpStatusCode.ServiceUnavailable)).Code);
        Assert.Equal(0, await ScalarAsync(database, $"select count(*) from {ServingTable} where data->>'version' = '2'"));
        Assert.Equal((true, false), ((await admin.StateAsync(3)).Serving, (await admin.StateAsync(2)).Serving));
        Assert.Equal(3, (await FactsAsync(node, entity)).ComputedFrom.ProjectionVersion);
        var switched = await node.Client.PostAsJsonAsync("/api/admin/projections/line-item-versions/switch", new SwitchRequest(2), LedgerApi.Json);
        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        Assert.Equal(1, await ScalarAsync(database, $"select count(*) from {ServingTable} where data->>'version' = '2'"));
        Assert.Equal((false, true), ((await admin.StateAsync(3)).Serving, (await admin.StateAsync(2)).Serving));
        Assert.Equal(2, (await FactsAsync(node, entity)).ComputedFrom.ProjectionVersion);
    }

    /// <summary>
    /// The sample subscriber, set to work on each restatement for minutes before recording it, is killed (SIGKILL) while
    /// its handler holds one; a subscriber started after it gets that restatement again and records it once.
    /// </summary>
    [Fact]
    public async Task A_subscriber_killed_inside_its_handler_gets_the_restatement_again_after_a_restart_and_records_it_once()
    {
        var database = await PostgresServer.CreateDatabaseAsync("ledger_faults");
        await using var ledger = ServiceProcess.Api(database);
        await using var slow = ServiceProcess.Subscriber(database, new Dictionary<string, string> { ["Subscriber__ProcessingDelay"] = "00:05:00" });
        await ledger.StartAsync();
        await slow.StartAsync();
        var entity = NewEntity();
        await FileAsync(ledger, entity, Filing("Q3", "2013-02-08", Revenue(1_000_000m)));
        var revised = await ledger.Client.PostAsJsonAsync($"/api/entities/{entity}/revisions",
            Revision("R-1", Revenue(1_100_000m), "2013-03-01", "error correction"), LedgerApi.Json);
        Assert.Equal(HttpStatusCode.Created, revised.StatusCode);
        var position = (await ledger.Client.GetFromJsonAsync<RestatementPage>("/api/restatements?after=0", LedgerApi.Json))!
            .Restatements.Single(r => r.Entity == entity).Position;

        var inside = $"Restatement {position} received";
        await Eventually.GetAsync(() => Task.FromResult(slow.Output), output => output.Contains(inside), TimeSpan.FromSeconds(60), "the subscriber's handler to hold the restatement");
        await slow.KillAsync();
        Assert.Empty(await ReceivedRowsAsync(database, position));
        await using var restarted = ServiceProcess.Subscriber(database);
        await restarted.StartAsync();

        await Eventually.GetAsync(() => ReceivedRowsAsync(database, position), rows => rows.Count > 0, TimeSpan.FromSeconds(60), "the restatement delivered again");
        await Deliveries.SettledAsync(database, position);
        Assert.Contains(inside, restarted.Output);
        var received = Assert.Single(await SubscribingToRestatements.ReceivedAsync(restarted, entity));
        Assert.Equal((position, "R-1", 1), (received.Position, received.Restatement.RestatementId, received.Deliveries));
        Assert.Equal([position], await ReceivedRowsAsync(database, position));
    }

    /// <summary>The subscriber's records of the restatement at <paramref name="position"/>, read from its table.</summary>
    private static async Task<List<long>> ReceivedRowsAsync(string database, long position)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select id from subscriber.mt_doc_receivedrestatement where id = @position", connection)
            { Parameters = { new("position", position) } };
        var rows = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetInt64(0));
        return rows;
    }

    private const string ServingTable = "ledger.mt_doc_serving_versions";

    private static async Task FileAsync(ServiceProcess node, string entity, object filing)
    {
        var response = await node.Client.PostAsJsonAsync($"/api/entities/{entity}/filings", filing, LedgerApi.Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<FactsAnswer> FactsAsync(ServiceProcess node, string entity) =>
        (await node.Client.GetFromJsonAsync<FactsAnswer>($"/api/entities/{entity}/facts?asOf=2013-02-08", LedgerApi.Json))!;

    private static readonly Dictionary<string, string> ShortCatchUpWait = new() { ["Ledger__Projections__CatchUpWait"] = "00:00:01" };

    /// <summary>A fresh database and API process holding one filing (the IIJ quarter's revenue and operating income), caught up.</summary>
    private static async Task<(string Database, ServiceProcess Node, Operator Admin, string Entity)> GivenANodeWithTheFilingAsync(
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var database = await PostgresServer.CreateDatabaseAsync("ledger_faults");
        var node = ServiceProcess.Api(database, settings);
        try
        {
            await node.StartAsync();
            var admin = new Operator(node.Client, database);
            var entity = NewEntity();
            await FileAsync(node, entity, Filing("Q3", "2013-02-08", Revenue(76_690_090_000m), OperatingIncome(5_600_000_000m)));
            await admin.CaughtUpAsync(2);
            return (database, node, admin, entity);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    private static void AssertAnswersTheFiling(FactsAnswer answer) =>
        Assert.Equal([("OperatingIncomeLoss", 5_600_000_000m), ("Revenues", 76_690_090_000m)], answer.Facts.Select(f => (f.Concept, (decimal)f.Value!)).Order());

    /// <summary>
    /// A table lock held in a transaction of its own, so that whoever needs the table waits on it, and a way to terminate
    /// a backend waiting there (<c>pg_terminate_backend</c>). Released (committed) on disposal if not before.
    /// </summary>
    private sealed class TableLock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public static async Task<TableLock> TakeAsync(string database, string table, string mode)
        {
            var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            var transaction = await connection.BeginTransactionAsync();
            await using (var take = new NpgsqlCommand($"lock table {table} in {mode} mode", connection, transaction))
                await take.ExecuteNonQueryAsync();
            return new TableLock(connection, transaction);
        }

        /// <summary>Terminates one backend of this database waiting on a lock, if there is one; whether it did.</summary>
        public Task<bool> TerminateAWaiterAsync() => LockWaiters.TerminateOneAsync(connection);

        private bool _released;

        public async Task ReleaseAsync()
        {
            if (_released) return;
            _released = true;
            await transaction.CommitAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await ReleaseAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L);
    }
}
