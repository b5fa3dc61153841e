using Npgsql;

namespace Ledger.Api.Trust;

/// <summary>
/// The transactions that could still commit an event at a sequence number the log does not show yet. A writer takes its
/// number with <c>nextval</c> on the event sequence and then inserts into the event table; either holds a
/// <c>RowExclusiveLock</c> on that relation until its transaction ends. So once every transaction holding one when a gap
/// was seen has ended, a number still missing belongs to a transaction that rolled back and will never appear.
/// </summary>
public static class OpenAppends
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    private static readonly string Holders =
        "select distinct virtualtransaction from pg_locks " +
        "where locktype = 'relation' and mode = 'RowExclusiveLock' and pid <> pg_backend_pid() " +
        "and database = (select oid from pg_database where datname = current_database()) " +
        $"and relation in (to_regclass('{Ledger.Projections.LedgerStoreOptions.SchemaName}.mt_events'), " +
        $"to_regclass('{Ledger.Projections.LedgerStoreOptions.SchemaName}.mt_events_sequence'))";

    /// <summary>Waits until every transaction appending now (and so every one holding a missing number) has ended.</summary>
    public static async Task DrainAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        var open = await HoldersAsync(connection, Holders, null, cancellation);
        while (open.Length > 0)
        {
            await Task.Delay(Poll, cancellation);
            open = await HoldersAsync(connection, "select distinct virtualtransaction from pg_locks where virtualtransaction = any($1)", open, cancellation);
        }
    }

    private static async Task<string[]> HoldersAsync(NpgsqlConnection connection, string sql, string[]? among, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (among is not null) command.Parameters.Add(new() { Value = among });
        var holders = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) holders.Add(reader.GetString(0));
        return [.. holders];
    }
}
