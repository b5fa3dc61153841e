using System.Net.Http.Json;
using System.Text.Json;
using JasperFx.CommandLine;
using Ledger.Api.Hosting;
using Ledger.Api.Http;
using Ledger.Api.Telemetry;
using Ledger.Domain.Filings;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Ledger.Tests.Infrastructure;

/// <summary>
/// The ledger's HTTP API on its own fresh PostgreSQL database, shared by the tests of one collection. Tests that
/// need isolation use their own entity code; the worked example's entity IIJ is shared and only ever loaded.
/// </summary>
public class LedgerApi : IAsyncLifetime
{
    private WebApplicationFactory<Program> _factory = null!;

    public HttpClient Client { get; private set; } = null!;
    public string ConnectionString { get; private set; } = null!;
    public IServiceProvider Services => _factory.Services;

    public static readonly JsonSerializerOptions Json = CreateJson();

    private static readonly SemaphoreSlim Building = new(1, 1);

    public async Task InitializeAsync()
    {
        ConnectionString = await PostgresServer.CreateDatabaseAsync("ledger_http");
        // The host reads its connection string from the process's environment while Program builds it, before any
        // factory override applies: fixtures of classes running in parallel build their hosts one at a time.
        await Building.WaitAsync();
        try
        {
            Environment.SetEnvironmentVariable(LedgerHosting.ConnectionStringKey, ConnectionString);
            SuiteSettings.ApplyInThisProcess(Standbys);
            JasperFxEnvironment.AutoStartHost = true;
            _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(ConfigureHost);
            Client = CreateClient(TestTokens.EveryRole);
        }
        finally
        {
            Building.Release();
        }
        // Importing a real company's whole history in one request takes longer than HttpClient's default 100 s on a busy machine.
        Client.Timeout = TimeSpan.FromMinutes(10);
    }

    /// <summary>A client of this API that sends <paramref name="token"/> as its bearer token, or no token when null.</summary>
    public HttpClient CreateClient(string? token)
    {
        var client = _factory.CreateClient();
        TestTokens.Authorize(client, token);
        return client;
    }

    /// <summary>The standby generations the host keeps (<see cref="SuiteSettings"/>); empty keeps none, as a service does by default.</summary>
    protected virtual string Standbys => "1,2";

    /// <summary>A fixture that needs more of the host (an in-memory telemetry exporter, say) adds it here.</summary>
    protected virtual void ConfigureHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
    }

    /// <summary>
    /// Given the worked example: every file of it posted to the public API in order, as a client would. Posting is
    /// idempotent, so every test may call this; only the first call records anything.
    /// </summary>
    public Task GivenTheWorkedExampleAsync() => new Operator(Client, ConnectionString).GivenTheWorkedExampleAsync();

    public Task<HttpResponseMessage> PostFilingAsync(string entity, object filing) =>
        Client.PostAsJsonAsync($"/api/entities/{entity}/filings", filing, Json);

    public Task<HttpResponseMessage> PostSplitAsync(string entity, object split) =>
        Client.PostAsJsonAsync($"/api/entities/{entity}/splits", split, Json);

    public Task<HttpResponseMessage> PostRevisionAsync(string entity, object revision) =>
        Client.PostAsJsonAsync($"/api/entities/{entity}/revisions", revision, Json);

    public async Task<T> GetAsync<T>(string url)
    {
        var response = await Client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"GET {url} → {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    public async Task<long> EventCountAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from ledger.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// The database's clock now. Recorded times are stamped by PostgreSQL when an append commits, so a test that pins
    /// a recorded time between two appends reads it here, never from this process's clock (which may disagree).
    /// </summary>
    public async Task<DateTimeOffset> DatabaseClockAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select clock_timestamp()", connection);
        return new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync())!, TimeSpan.Zero);
    }

    /// <summary>The position of the last restatement in the log now: tests read "after" it to see only their own.</summary>
    public async Task<long> LastRestatementPositionAsync()
    {
        long after = 0;
        while (true)
        {
            var page = await GetAsync<Ledger.Api.Restatements.RestatementPage>($"/api/restatements?after={after}&limit=500");
            if (page.Next is null) return after;
            after = page.Next.Value;
        }
    }

    /// <summary>The global positions of every restatement event of these entities, read from the event table itself.</summary>
    public async Task<List<long>> RestatementPositionsAsync(IEnumerable<string> entities)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select seq_id from ledger.mt_events " +
            "where (type in ('line_item_revised', 'line_item_restated') and data->'line'->>'entity' = any(@entities)) " +
            "or (type in ('share_basis_changed', 'amount_reclassified') and split_part(stream_id, '|', 2) = any(@entities)) order by seq_id", connection);
        command.Parameters.AddWithValue("entities", entities.ToArray());
        var positions = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) positions.Add(reader.GetInt64(0));
        return positions;
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        LedgerJson.Configure(options);
        return options;
    }
}

[CollectionDefinition(Name)]
public sealed class LedgerApiCollection : ICollectionFixture<LedgerApi>
{
    public const string Name = "ledger api on PostgreSQL";
}
