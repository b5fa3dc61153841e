using Npgsql;

namespace Ledger.Tests.Infrastructure;

/// <summary>
/// The backends of this database waiting on a lock, as they are now. PostgreSQL reads pg_stat_activity once per
/// transaction and keeps it, and a test asking usually holds the lock in one: without clearing that snapshot, a check
/// made before a writer reached the lock would see it not waiting for as long as the lock is held.
/// </summary>
public static class LockWaiters
{
    public static async Task<long> CountAsync(NpgsqlConnection connection) => (long)(await FreshAsync(connection, "count(*)"))!;

    /// <summary>Terminates one waiting backend, if there is one; whether it did.</summary>
    public static async Task<bool> TerminateOneAsync(NpgsqlConnection connection) =>
        await FreshAsync(connection, "pg_terminate_backend(pid)", " limit 1") is true;

    private static async Task<object?> FreshAsync(NpgsqlConnection connection, string select, string limit = "")
    {
        await using (var clear = new NpgsqlCommand("select pg_stat_clear_snapshot()", connection)) await clear.ExecuteNonQueryAsync();
        await using var command = new NpgsqlCommand(
            $"select {select} from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid(){limit}",
            connection);
        return await command.ExecuteScalarAsync();
    }
}
