using System.Threading.Channels;
using Ledger.Api.Restatements;
using Ledger.Domain.Filings;
using Ledger.Domain.LineItems;
using Ledger.Domain.Values;
using Ledger.Projections;
using Ledger.Projections.LineItems;
using Ledger.Projections.LineItemVersions;
using JasperFx;
using Marten;
using Marten.Events;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.Benchmarks;

/// <summary>
/// Fills the event log for a large run without going through the write path, which at a few thousand facts a
/// second would take most of an hour for 10M versions. The events are the ones the write path would append:
/// each filing is checked and decided by the domain (<see cref="FilingDecision.Decide"/>) against line-item
/// states folded by <see cref="LineItem.Evolve"/>, serialized by Marten's serializer and copied into Marten's
/// own event and stream tables, with Marten's type names, one recorded time per filing, one stream per filing, and
/// the line-item log beside them. The versions read model is then built from the log by the projection's real rebuild.
/// </summary>
public sealed class EventLogSeed(IDocumentStore store, NpgsqlDataSource raw)
{
    private sealed record SeededEvent(long SeqId, string StreamId, int Version, object Data, DateTimeOffset Timestamp);

    private sealed record SeededStream(string Id, string? Type, int Version, DateTimeOffset Created, DateTimeOffset Timestamp);

    private sealed record SeededEntity(List<SeededEvent> Events, List<SeededStream> Streams, List<(string LineItemId, int Version, string StreamId, int StreamVersion)> Log);

    private readonly StoreOptions _options = (StoreOptions)store.Options;
    private static readonly string Schema = LedgerStoreOptions.SchemaName;

    /// <summary>Seeds every filing of <paramref name="entities"/>; returns the global position of the last event.</summary>
    public async Task<long> SeedAsync(SyntheticLedger ledger, IEnumerable<int> entities, int filingsPerEntity)
    {
        var position = (long)(await raw.CreateCommand($"select coalesce(max(seq_id), 0) from {Schema}.mt_events").ExecuteScalarAsync())!;
        // Recorded times one microsecond apart per filing, in log order, all before anything appended afterwards.
        var recorded = KnownTime.TruncateToMicroseconds(DateTimeOffset.UtcNow.AddMinutes(-1));

        // Generating (one core) and copying (PostgreSQL on the other) overlap, an entity at a time.
        var generated = Channel.CreateBounded<SeededEntity>(2);
        var producing = Task.Run(async () =>
        {
            foreach (var e in entities)
            {
                var entity = Generate(ledger, e, filingsPerEntity, ref position, ref recorded);
                await generated.Writer.WriteAsync(entity);
            }
            generated.Writer.Complete();
        });

        await using var connection = await raw.OpenConnectionAsync();
        await foreach (var entity in generated.Reader.ReadAllAsync())
        {
            await CopyStreamsAsync(connection, entity.Streams);
            await CopyEventsAsync(connection, entity.Events);
            await CopyLogAsync(connection, entity.Log);
        }
        await producing;

        // Appends through Marten continue after the seeded events, and the publisher starts there: seeded history is not
        // re-published to subscribers. (The service measured keeps no standby generation, as deployed by default.)
        await raw.CreateCommand($"select setval('{Schema}.mt_events_sequence', {position})").ExecuteNonQueryAsync();
        await raw.CreateCommand(
            $"insert into {Schema}.mt_event_progression (name, last_seq_id) values ('{RestatementPublisher.Name}:All', {position}) " +
            "on conflict (name) do update set last_seq_id = excluded.last_seq_id").ExecuteNonQueryAsync();
        return position;
    }

    private static SeededEntity Generate(SyntheticLedger ledger, int e, int filingsPerEntity, ref long position, ref DateTimeOffset recorded)
    {
        var events = new List<SeededEvent>();
        var streams = new List<SeededStream>();
        var log = new List<(string LineItemId, int Version, string StreamId, int StreamVersion)>();
        var states = new Dictionary<string, LineItem>();
        var entity = ledger.Entity(e);
        for (var q = 0; q < filingsPerEntity; q++)
        {
            recorded = recorded.AddTicks(10);
            var rejections = new Rejections();
            var command = ledger.Filing(e, q).Check(entity, rejections)
                ?? throw new InvalidOperationException(string.Join("; ", rejections.All));
            if (FilingDecision.Decide(command, null, states) is not FilingDecision.Append append)
                throw new InvalidOperationException($"filing {q} of {entity} was not appended");

            // One stream per filing, as the write path appends it (FilingDecision.Append.Events), and the log's place of each
            // line-item event: the position of the stored event holding it.
            var filingKey = FilingStream.Key(entity, command.FilingId);
            var stored = append.Events();
            for (var inStream = 1; inStream <= stored.Count; inStream++)
            {
                var data = stored[inStream - 1];
                events.Add(new SeededEvent(++position, filingKey, inStream, data, recorded));
                foreach (var line in LineItemEvents.In(data))
                {
                    log.Add((line.LineItemId, line.Version!.Value, filingKey, inStream));
                    states[line.LineItemId] = LineItem.Evolve(states.GetValueOrDefault(line.LineItemId), line)!;
                }
            }
            streams.Add(new SeededStream(filingKey, null, stored.Count, recorded, recorded));
        }
        return new SeededEntity(events, streams, log);
    }

    private static async Task CopyStreamsAsync(NpgsqlConnection connection, List<SeededStream> streams)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            $"copy {Schema}.mt_streams (id, type, version, timestamp, created) from stdin (format binary)");
        foreach (var stream in streams)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(stream.Id, NpgsqlDbType.Varchar);
            if (stream.Type is null) await writer.WriteNullAsync();
            else await writer.WriteAsync(stream.Type, NpgsqlDbType.Varchar);
            await writer.WriteAsync((long)stream.Version, NpgsqlDbType.Bigint);
            await writer.WriteAsync(stream.Timestamp, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(stream.Created, NpgsqlDbType.TimestampTz);
        }
        await writer.CompleteAsync();
    }

    private static async Task CopyLogAsync(NpgsqlConnection connection, List<(string LineItemId, int Version, string StreamId, int StreamVersion)> log)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"copy {LineItemLog.LogTable} (line_item_id, version, stream_id, stream_version) from stdin (format binary)");
        foreach (var (lineItemId, version, streamId, streamVersion) in log)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(lineItemId, NpgsqlDbType.Text);
            await writer.WriteAsync(version, NpgsqlDbType.Integer);
            await writer.WriteAsync(streamId, NpgsqlDbType.Text);
            await writer.WriteAsync(streamVersion, NpgsqlDbType.Integer);
        }
        await writer.CompleteAsync();
    }

    private async Task CopyEventsAsync(NpgsqlConnection connection, List<SeededEvent> events)
    {
        var serializer = _options.Serializer();
        await using var writer = await connection.BeginBinaryImportAsync(
            $"copy {Schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived) from stdin (format binary)");
        foreach (var @event in events)
        {
            var mapping = ((EventGraph)_options.Events).EventMappingFor(@event.Data.GetType());
            await writer.StartRowAsync();
            await writer.WriteAsync(@event.SeqId, NpgsqlDbType.Bigint);
            await writer.WriteAsync(Guid.CreateVersion7(@event.Timestamp), NpgsqlDbType.Uuid);
            await writer.WriteAsync(@event.StreamId, NpgsqlDbType.Varchar);
            await writer.WriteAsync((long)@event.Version, NpgsqlDbType.Bigint);
            await writer.WriteAsync(serializer.ToJson(@event.Data), NpgsqlDbType.Jsonb);
            await writer.WriteAsync(mapping.EventTypeName, NpgsqlDbType.Varchar);
            await writer.WriteAsync(@event.Timestamp, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(StorageConstants.DefaultTenantId, NpgsqlDbType.Varchar);
            await writer.WriteAsync(mapping.DotNetTypeName, NpgsqlDbType.Varchar);
            await writer.WriteAsync(false, NpgsqlDbType.Boolean);
        }
        await writer.CompleteAsync();
    }
}
