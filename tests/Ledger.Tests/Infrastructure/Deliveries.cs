using Npgsql;

namespace Ledger.Tests.Infrastructure;

/// <summary>
/// The state of delivery to the sample subscriber, read from the database both share. A duplicate can only come from
/// a message still on its way, so "nothing on its way" is the condition to wait for before counting deliveries, in
/// place of a sleep that hopes to be long enough.
/// </summary>
public static class Deliveries
{
    private const string OnTheWay = """
        select
          (select coalesce(max(last_seq_id), 0) from ledger.mt_event_progression where name = 'restatement-publisher:All') >= @through
          and not exists (select 1 from ledger_messages.wolverine_outgoing_envelopes)
          and not exists (select 1 from ledger_queues.wolverine_queue_restatements)
          and not exists (select 1 from subscriber_messages.wolverine_incoming_envelopes where status <> 'Handled')
        """;

    /// <summary>
    /// Waits until the publisher has read the log through <paramref name="through"/> and no restatement waits in the
    /// ledger's outbox, the queue or the subscriber's inbox.
    /// </summary>
    public static Task SettledAsync(string database, long through, TimeSpan? within = null) =>
        Eventually.GetAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(OnTheWay, connection) { Parameters = { new("through", through) } };
            return (bool)(await command.ExecuteScalarAsync())!;
        }, settled => settled, within ?? TimeSpan.FromSeconds(60), $"every restatement through {through} delivered and nothing left on its way");
}
