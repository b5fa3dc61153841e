using System.Net;
using System.Net.Http.Json;
using Ledger.Tests.Infrastructure;
using Npgsql;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Http;

/// <summary>
/// The database refuses to rewrite history: the service runs as a role that may insert and read events but not
/// change them, and triggers refuse it even to the schema owner. The schema is applied by the owner (db-apply).
/// </summary>
public sealed class RefusingToRewriteHistory(RuntimeRoleService fixture) : IClassFixture<RuntimeRoleService>
{
    private readonly (string Owner, string Runtime, string Superuser) _database = fixture.Database;
    private readonly ServiceProcess _service = fixture.Service;

    [Fact]
    public async Task The_service_works_fully_as_the_runtime_role()
    {
        var admin = new Operator(_service.Client, _database.Superuser);
        await admin.GivenTheWorkedExampleAsync();
        var entity = NewEntity();
        var forecast = DividendPerShare(1_750.00m, period: "2012-04-01/2013-03-31") with { Nature = "forecast" };

        await Created(_service.Client.PostAsJsonAsync($"/api/entities/{entity}/filings", Filing("Plan", "2012-05-15", forecast), LedgerApi.Json));
        await Created(_service.Client.PostAsJsonAsync($"/api/entities/{entity}/splits", Split("S-1", 1, 200, "2012-10-01", "2012-10-01"), LedgerApi.Json));
        await Created(_service.Client.PostAsJsonAsync($"/api/entities/{entity}/revisions",
            Revision("R-1", forecast with { Value = 10.00m }, knownFrom: "2013-02-08", reason: "Forecast raised"), LedgerApi.Json));
        var (_, answers, _) = await admin.RebuildWhileQueryingAsync(2, thenSwitch: true);

        var income = await admin.IncomeStatementAsync();
        Assert.NotEmpty(income.Lines);
        Assert.All(answers, answer => Assert.Equal(income.Lines.Count, answer.Lines.Count));
        Assert.Equal(await admin.ScalarAsync("select count(*) from ledger.mt_events"),
            await admin.ScalarAsync("select count(*) from ledger.mt_events where user_name is not null"));
    }

    [Theory]
    [InlineData("update ledger.mt_events set data = data where seq_id = (select min(seq_id) from ledger.mt_events)")]
    [InlineData("delete from ledger.mt_events where seq_id = (select min(seq_id) from ledger.mt_events)")]
    [InlineData("truncate ledger.mt_events cascade")]
    public async Task Neither_the_runtime_role_nor_the_owner_may_rewrite_events(string rewrite)
    {
        await new Operator(_service.Client, _database.Superuser).GivenTheWorkedExampleAsync();
        var before = await CountEventsAsync();

        var runtime = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(_database.Runtime, rewrite));
        var owner = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(_database.Owner, rewrite));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, runtime.SqlState);
        Assert.Contains("permission denied", runtime.MessageText);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, owner.SqlState);
        Assert.Contains("the event log is append-only", owner.MessageText);
        Assert.Equal(before, await CountEventsAsync());
    }

    [Fact]
    public async Task A_streams_version_only_rises_even_for_the_owner()
    {
        await new Operator(_service.Client, _database.Superuser).GivenTheWorkedExampleAsync();

        var lowered = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(_database.Owner,
            "update ledger.mt_streams set version = version - 1 where id = (select min(id) from ledger.mt_streams)"));
        var deleted = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(_database.Runtime,
            "delete from ledger.mt_streams where id = (select min(id) from ledger.mt_streams)"));

        Assert.Contains("version only rises", lowered.MessageText);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, deleted.SqlState);
    }

    [Theory]
    [InlineData("update ledger.mt_event_chain set hash = hash where position = (select min(position) from ledger.mt_event_chain)")]
    [InlineData("delete from ledger.mt_event_chain where position = (select max(position) from ledger.mt_event_chain)")]
    [InlineData("truncate ledger.mt_event_chain")]
    public async Task The_runtime_role_writes_the_hash_chain_and_neither_it_nor_the_owner_may_rewrite_it(string rewrite)
    {
        var admin = new Operator(_service.Client, _database.Superuser);
        await admin.GivenTheWorkedExampleAsync();
        var end = await admin.ScalarAsync("select max(seq_id) from ledger.mt_events");
        await Eventually.GetAsync(() => admin.ScalarAsync("select coalesce(max(position), 0) from ledger.mt_event_chain"), head => head >= end,
            what: "the chain, written as the runtime role, to reach the log's end");

        var runtime = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(_database.Runtime, rewrite));
        var owner = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(_database.Owner, rewrite));

        Assert.Contains("permission denied", runtime.MessageText);
        Assert.Contains("the event log is append-only", owner.MessageText);
        var report = await _service.Client.GetFromJsonAsync<Ledger.Api.Trust.IntegrityReport>("/api/admin/integrity", LedgerApi.Json);
        Assert.True(report!.Intact);
        Assert.True(report.Head!.Position >= end);
    }

    private static async Task Created(Task<HttpResponseMessage> posting)
    {
        var response = await posting;
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private Task<long> CountEventsAsync() => new Operator(_service.Client, _database.Superuser).ScalarAsync("select count(*) from ledger.mt_events");

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A database whose schema the owner applied (db-apply), and the API running on it as the runtime role.</summary>
public sealed class RuntimeRoleService : IAsyncLifetime
{
    private static readonly Dictionary<string, string> RuntimeRole = new() { ["LEDGER_RUNTIME_ROLE"] = PostgresServer.RuntimeRole };

    public (string Owner, string Runtime, string Superuser) Database { get; private set; }
    public ServiceProcess Service { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await PostgresServer.CreateDatabaseWithRolesAsync("ledger_roles");
        var applied = await ServiceProcess.CommandAsync(Database.Owner, RuntimeRole, "db-apply");
        Assert.True(applied.ExitCode == 0, applied.Output);
        Service = ServiceProcess.Api(Database.Runtime, RuntimeRole);
        await Service.StartAsync();
        // Given the worked example, recorded once before any test (the first requests of a cold node are slow).
        await new Operator(Service.Client, Database.Superuser).GivenTheWorkedExampleAsync();
    }

    public async Task DisposeAsync() => await Service.DisposeAsync();
}
