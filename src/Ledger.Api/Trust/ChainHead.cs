using System.Runtime.CompilerServices;
using Ledger.Contracts;
using Npgsql;

namespace Ledger.Api.Trust;

/// <summary>Reading the stored chain and the events it covers, for the writer, the verifier and whoever quotes the head.</summary>
public static class ChainHead
{
    /// <summary>The last stored link (position 0 and no bytes before the first).</summary>
    public static async Task<(long Position, byte[] Hash)> ReadAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"select position, hash from {EventChain.Table} order by position desc limit 1", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation) ? (reader.GetInt64(0), (byte[])reader[1]) : (0, EventChain.Genesis);
    }

    /// <summary>The stored events after <paramref name="after"/> up to <paramref name="through"/>, in position order.</summary>
    public static async IAsyncEnumerable<StoredEvent> EventsAsync(
        NpgsqlConnection connection, long after, long through, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"select {EventChain.Columns} from {Ledger.Projections.LedgerStoreOptions.SchemaName}.mt_events e " +
            "where e.seq_id > $1 and e.seq_id <= $2 order by e.seq_id", connection);
        command.Parameters.Add(new() { Value = after });
        command.Parameters.Add(new() { Value = through });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) yield return EventChain.Read(reader);
    }

    /// <summary>
    /// The link at each of <paramref name="positions"/> (events already below the high-water mark): stored if the writer
    /// has reached it, otherwise computed by the writer's own reading from the last stored link, so a message or a page
    /// does not wait for the daemon to store it.
    /// </summary>
    public static async Task<IReadOnlyDictionary<long, ChainLink>> AtAsync(
        NpgsqlConnection connection, IReadOnlyCollection<long> positions, CancellationToken cancellation)
    {
        var links = new Dictionary<long, ChainLink>();
        if (positions.Count == 0) return links;
        await using (var command = new NpgsqlCommand($"select position, hash from {EventChain.Table} where position = any($1)", connection))
        {
            command.Parameters.Add(new() { Value = positions.ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
                links[reader.GetInt64(0)] = new ChainLink(reader.GetInt64(0), EventChain.Hex((byte[])reader[1]));
        }
        var missing = positions.Where(p => !links.ContainsKey(p)).ToHashSet();
        if (missing.Count == 0) return links;
        // Computed as the writer will store them, so a link quoted now is the link verified later, even behind a gap.
        var (next, hashes) = await EventChainWriter.NextLinksAsync(connection, missing.Max(), cancellation);
        for (var i = 0; i < next.Length; i++)
            if (missing.Contains(next[i])) links[next[i]] = new ChainLink(next[i], EventChain.Hex(hashes[i]));
        return links;
    }
}
