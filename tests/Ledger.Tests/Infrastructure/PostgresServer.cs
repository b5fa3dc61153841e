using Npgsql;
using Testcontainers.PostgreSql;

namespace Ledger.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests run against: the server named by <c>LEDGER_TEST_CONNECTION_STRING</c> when set
/// (./test.sh sets it to a private throwaway cluster when no Docker engine runs), otherwise a Testcontainers
/// container. There is no third way: without a database the tests fail, loudly, rather than skip.
/// </summary>
public static class PostgresServer
{
    public const string ConnectionStringVariable = "LEDGER_TEST_CONNECTION_STRING";

    private static readonly Lazy<Task<string>> Server = new(StartAsync);
    private static PostgreSqlContainer? _container;

    /// <summary>A new, empty database on the test server, so each fixture starts from nothing.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var server = await Server.Value;
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public const string OwnerRole = "ledger_owner";
    public const string RuntimeRole = "ledger_runtime";

    /// <summary>
    /// A new, empty database owned by the schema owner role, and connection strings for it as the owner, as the
    /// runtime role and as the superuser. The roles are made if the server lacks them (password = name).
    /// </summary>
    public static async Task<(string Owner, string Runtime, string Superuser)> CreateDatabaseWithRolesAsync(string prefix)
    {
        var server = await Server.Value;
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            foreach (var role in new[] { OwnerRole, RuntimeRole })
            {
                // Two fixtures may make the same role at once: the loser's duplicate is fine.
                await using var create = new NpgsqlCommand(
                    $"do $$ begin if not exists (select 1 from pg_roles where rolname = '{role}') then create role {role} login password '{role}'; end if; " +
                    "exception when duplicate_object or unique_violation then null; end $$", connection);
                await create.ExecuteNonQueryAsync();
            }
            await using var database = new NpgsqlCommand($"create database {name} owner {OwnerRole}", connection);
            await database.ExecuteNonQueryAsync();
        }
        string As(string role) => new NpgsqlConnectionStringBuilder(server) { Database = name, Username = role, Password = role }.ConnectionString;
        return (As(OwnerRole), As(RuntimeRole), new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    private static async Task<string> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(configured)) return configured;

        try
        {
            _container = new PostgreSqlBuilder("postgres:16-alpine").Build();
            await _container.StartAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => _container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return _container.GetConnectionString();
        }
        catch (Exception exception)
        {
            throw new InvalidOperationException(
                $"No PostgreSQL for the tests: {ConnectionStringVariable} is not set and no Docker engine answered for Testcontainers. " +
                "Run ./test.sh, which starts a private PostgreSQL cluster, or set the variable to a server the tests may create databases on.",
                exception);
        }
    }
}
