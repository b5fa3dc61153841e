using System.Buffers.Binary;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Ledger.Projections;

namespace Ledger.Api.Trust;

/// <summary>An event as stored in the log: the columns a link of the chain covers, read as the database keeps them.</summary>
public sealed record StoredEvent(long Position, Guid Id, string Stream, long Version, string Type, DateTime Timestamp, string Data);

/// <summary>
/// The hash chain over the event log. Each link is SHA-256 over the event's stored columns (position, id, stream,
/// version, type, timestamp, data), each prefixed with its length so that no two different events can give the same
/// bytes, and over the previous link. Changing, removing or inserting any event below the head changes every link from
/// it on, so a digest (position, hash) kept outside the database is enough to show later that nothing before it changed.
/// </summary>
public static class EventChain
{
    public const string TableName = LedgerStoreOptions.EventChainTable;

    /// <summary>The link before the first event: no bytes.</summary>
    public static readonly byte[] Genesis = [];

    public static readonly string Table = $"{LedgerStoreOptions.SchemaName}.{TableName}";

    /// <summary>
    /// The stored columns in the form every link is computed from. The data is jsonb's own text (canonical for a given
    /// value); the timestamp is read as microseconds since the Unix epoch, PostgreSQL's own precision, whatever the session's time zone.
    /// </summary>
    public const string Columns = "e.seq_id, e.id, e.stream_id, e.version, e.type, e.timestamp, e.data::text";

    public static byte[] Link(byte[] previous, StoredEvent stored)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, stored.Position);
        Field(hash, number);
        Field(hash, stored.Id.ToByteArray(bigEndian: true));
        Field(hash, Encoding.UTF8.GetBytes(stored.Stream));
        BinaryPrimitives.WriteInt64BigEndian(number, stored.Version);
        Field(hash, number);
        Field(hash, Encoding.UTF8.GetBytes(stored.Type));
        BinaryPrimitives.WriteInt64BigEndian(number, (stored.Timestamp.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks) / 10);
        Field(hash, number);
        Field(hash, Encoding.UTF8.GetBytes(stored.Data));
        Field(hash, previous);
        return hash.GetHashAndReset();
    }

    private static void Field(IncrementalHash hash, ReadOnlySpan<byte> bytes)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }

    /// <summary>Reads one event from a row whose first seven columns are <see cref="Columns"/>.</summary>
    public static StoredEvent Read(DbDataReader reader) => new(
        reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4),
        DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc), reader.GetString(6));

    public static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}
