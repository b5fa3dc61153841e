using Ledger.Contracts;
using Ledger.Projections;
using Npgsql;

namespace Ledger.Api.Trust;

/// <summary>
/// The first link that does not hold: the position, the hash recomputed from the log and the hash stored for it
/// (null when one of the two is absent: an event never chained, or a link whose event is gone).
/// </summary>
public sealed record BrokenLink(long Position, string? Expected, string? Stored);

/// <summary>
/// What <c>verify</c> found: how many events it recomputed the chain over, the stored head, the first broken link
/// (null when the chain holds), and how many events are past the head, not chained yet (the writer runs behind the log).
/// </summary>
public sealed record IntegrityReport(bool Intact, long EventsChecked, ChainLink? Head, BrokenLink? FirstBroken, long NotYetChained);

/// <summary>
/// Recomputes the chain from the events as stored, in position order, and compares every link with the stored one,
/// in one snapshot of the database so the writer going on meanwhile changes nothing read.
/// </summary>
public static class ChainVerification
{
    public static async Task<IntegrityReport> VerifyAsync(Marten.Storage.IMartenDatabase database, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(database, cancellation);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellation);
        var (headPosition, headHash) = await ChainHead.ReadAsync(connection, cancellation);
        var head = headPosition == 0 ? null : new ChainLink(headPosition, EventChain.Hex(headHash));

        // Every event and every link up to the head, side by side: a missing event or a missing link shows as nulls.
        await using var command = new NpgsqlCommand(
            $"select {EventChain.Columns}, c.position, c.hash from {LedgerStoreOptions.SchemaName}.mt_events e " +
            $"full join {EventChain.Table} c on c.position = e.seq_id " +
            "where coalesce(e.seq_id, c.position) <= $1 order by coalesce(e.seq_id, c.position)", connection, transaction);
        command.Parameters.Add(new() { Value = headPosition });
        var previous = EventChain.Genesis;
        long checkedEvents = 0;
        BrokenLink? broken = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
            while (broken is null && await reader.ReadAsync(cancellation))
            {
                var stored = reader.IsDBNull(8) ? null : EventChain.Hex((byte[])reader[8]);
                if (reader.IsDBNull(0))
                {
                    broken = new BrokenLink(reader.GetInt64(7), null, stored);
                    break;
                }
                previous = EventChain.Link(previous, EventChain.Read(reader));
                checkedEvents++;
                var expected = EventChain.Hex(previous);
                if (expected != stored) broken = new BrokenLink(reader.GetInt64(0), expected, stored);
            }

        return new IntegrityReport(broken is null, checkedEvents, head, broken, await NotYetChainedAsync(connection, transaction, headPosition, cancellation));
    }

    private static async Task<NpgsqlConnection> OpenAsync(Marten.Storage.IMartenDatabase database, CancellationToken cancellation)
    {
        var connection = (NpgsqlConnection)database.CreateConnection();
        await connection.OpenAsync(cancellation);
        return connection;
    }

    private static async Task<long> NotYetChainedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long head, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"select count(*) from {LedgerStoreOptions.SchemaName}.mt_events where seq_id > $1", connection, transaction);
        command.Parameters.Add(new() { Value = head });
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>The chain's link at a digest's position, recomputed from the log, against the digest: it holds when both agree.</summary>
    public static async Task<DigestCheck> CheckAsync(Marten.Storage.IMartenDatabase database, ChainDigest digest, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(database, cancellation);
        var previous = EventChain.Genesis;
        var reached = false;
        await foreach (var stored in ChainHead.EventsAsync(connection, 0, digest.Position, cancellation))
        {
            previous = EventChain.Link(previous, stored);
            reached = stored.Position == digest.Position;
        }
        var found = reached ? EventChain.Hex(previous) : null;
        return new DigestCheck(found == digest.Hash, digest, found);
    }
}
