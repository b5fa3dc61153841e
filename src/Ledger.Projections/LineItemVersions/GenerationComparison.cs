using Marten.Storage;
using Npgsql;

namespace Ledger.Projections.LineItemVersions;

/// <summary>A row that differs between two generations of the model: its content in each, null where it is missing.</summary>
public sealed record RowDifference(string Id, string? Serving, string? Candidate);

/// <summary>An entity whose rows differ between the versions, with its first differing rows.</summary>
public sealed record EntityDifference(string Entity, long ServingRows, long CandidateRows, IReadOnlyList<RowDifference> FirstDifferingRows);

/// <summary>
/// Two generations of the line-item versions model compared (the public names keep calling them versions) over the history both have seen: every event up to
/// <paramref name="ComparedThrough"/>. Line items with later events are left out (<paramref name="LinesLeftOut"/>),
/// since one generation may have applied them and the other not yet.
/// </summary>
public sealed record Comparison(
    int ServingVersion, int CandidateVersion, long ServingPosition, long CandidatePosition, long ComparedThrough,
    int Entities, long Rows, int LinesLeftOut, IReadOnlyList<string> ExpectedDifferences, IReadOnlyList<EntityDifference> Differences)
{
    public bool Equal => Differences.Count == 0;
}

/// <summary>
/// Compares two generations row by row, in one snapshot of the database: per entity a row count and a hash of every row
/// (its id and content, less the fields only one generation has), then the first differing rows of each entity that differs.
/// </summary>
public static class GenerationComparison
{
    private const int RowsShownPerEntity = 5;

    public static async Task<Comparison> CompareAsync(IMartenDatabase database, ModelGeneration serving, ModelGeneration candidate, CancellationToken cancellation)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(cancellation);
        // One snapshot: positions, left-out lines and rows all describe the same moment.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellation);
        var servingPosition = await PositionAsync(connection, serving, cancellation);
        var candidatePosition = await PositionAsync(connection, candidate, cancellation);
        var through = Math.Min(servingPosition, candidatePosition);
        var leftOut = await LinesWithEventsAfterAsync(connection, through, cancellation);
        var expected = serving.AddedFields.Union(candidate.AddedFields).Order(StringComparer.Ordinal).ToArray();

        var byVersion = serving.Narrow || candidate.Narrow;
        var servingHashes = await HashesAsync(connection, Rows(serving, byVersion), expected, leftOut, cancellation);
        var candidateHashes = await HashesAsync(connection, Rows(candidate, byVersion), expected, leftOut, cancellation);
        var differences = new List<EntityDifference>();
        foreach (var entity in servingHashes.Keys.Union(candidateHashes.Keys).Order(StringComparer.Ordinal))
        {
            var (a, b) = (servingHashes.GetValueOrDefault(entity), candidateHashes.GetValueOrDefault(entity));
            if (a == b) continue;
            differences.Add(new EntityDifference(entity, a.Rows, b.Rows,
                await FirstDifferingRowsAsync(connection, Rows(serving, byVersion), Rows(candidate, byVersion), expected, leftOut, entity, cancellation)));
        }
        return new Comparison(serving.Number, candidate.Number, servingPosition, candidatePosition, through,
            servingHashes.Count, servingHashes.Values.Sum(h => h.Rows), leftOut.Length, expected, differences);
    }

    /// <summary>An inline generation holds every committed event; an async one holds what its daemon shard has applied.</summary>
    private static async Task<long> PositionAsync(NpgsqlConnection connection, ModelGeneration generation, CancellationToken cancellation)
    {
        await using var command = generation.Inline
            ? new NpgsqlCommand($"select coalesce(max(seq_id), 0) from {LedgerStoreOptions.SchemaName}.mt_events", connection)
            : new NpgsqlCommand($"select coalesce(max(last_seq_id), 0) from {LedgerStoreOptions.SchemaName}.mt_event_progression where split_part(name, ':', 1) = $1", connection)
            {
                Parameters = { new() { Value = generation.ShardName } },
            };
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

    private static async Task<string[]> LinesWithEventsAfterAsync(NpgsqlConnection connection, long position, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            // Every line-item event names its line item, stored on its own or among a filing's (LineItemsFiled: reported, confirmed).
            $"""
            select distinct coalesce(held->>'lineItemId', e.data->>'lineItemId') from {LedgerStoreOptions.SchemaName}.mt_events e
            left join lateral jsonb_array_elements(coalesce(e.data->'reported', '[]') || coalesce(e.data->'confirmed', '[]')) held on true
            where e.seq_id > $1 and (e.data ? 'lineItemId' or e.data ? 'reported')
            """, connection)
        {
            Parameters = { new() { Value = position } },
        };
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) lines.Add(reader.GetString(0));
        return lines.ToArray();
    }

    /// <summary>
    /// The rows compared: all but left-out lines, each as its id and its content without the expected differences. Two
    /// document generations compare row by row. A narrow generation keeps one row per version and derives the intervals
    /// in its query, so against it both sides compare version by version: what each version is, when it became known and
    /// when it was recorded, from which the intervals of every answer follow (<see cref="BitemporalRows"/>).
    /// </summary>
    private static string Rows(ModelGeneration generation, bool byVersion) => (generation.Narrow, byVersion) switch
    {
        (false, false) => $"select id, entity, data - $1::text[] as content from {generation.Table} where not (line_item_id = any($2))",
        (false, true) => $"""
            select distinct on (line_item_id, (data ->> 'version')::int) line_item_id || '#' || (data ->> 'version') as id, entity,
              row(concept, period, data ->> 'dimensionsKey', data ->> 'nature', (data ->> 'value')::numeric, data ->> 'unit', (data ->> 'decimals')::int,
                  (data ->> 'shareBasisDate')::date, data ->> 'source', data ->> 'note', data ->> 'derivedFrom', (data -> 'range' ->> 'low')::numeric,
                  (data -> 'range' ->> 'high')::numeric, data ->> 'cause', data ->> 'causedBy', data ->> 'reason', (data ->> 'supersedes')::int, known_from,
                  (data ->> 'versionRecordedAt')::timestamptz, case when 'filingTitle' = any($1::text[]) then null else data ->> 'filingTitle' end)::text as content
            from {generation.Table} where not (line_item_id = any($2))
            """,
        (true, _) => $"""
            select v.line_item_id || '#' || v.version as id, v.entity,
              row(v.concept, v.period, v.dimensions_key, v.nature, v.value, v.unit, v.decimals, v.share_basis_date, v.source, v.note, v.derived_from,
                  v.range_low, v.range_high, v.cause, v.caused_by, v.reason, v.supersedes, v.known_from, v.recorded_at,
                  case when 'filingTitle' = any($1::text[]) then null else f.title end)::text as content
            from {generation.Table} v left join {NarrowTables.FilingsTable} f on v.cause in ('reported', 'restated') and f.entity = v.entity and f.filing_id = v.caused_by
            where not (v.line_item_id = any($2))
            """,
    };

    private static async Task<Dictionary<string, (long Rows, string Hash)>> HashesAsync(
        NpgsqlConnection connection, string rows, string[] expected, string[] leftOut, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"select entity, count(*), md5(string_agg(id || '=' || content::text, '|' order by id)) from ({rows}) r group by entity", connection)
        {
            Parameters = { new() { Value = expected }, new() { Value = leftOut } },
        };
        var hashes = new Dictionary<string, (long, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) hashes[reader.GetString(0)] = (reader.GetInt64(1), reader.GetString(2));
        return hashes;
    }

    private static async Task<IReadOnlyList<RowDifference>> FirstDifferingRowsAsync(
        NpgsqlConnection connection, string serving, string candidate, string[] expected, string[] leftOut, string entity,
        CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"select coalesce(a.id, b.id), a.content::text, b.content::text " +
            $"from (select * from ({serving}) s where entity = $3) a full join (select * from ({candidate}) c where entity = $3) b on a.id = b.id " +
            $"where a.content is distinct from b.content order by 1 limit {RowsShownPerEntity}", connection)
        {
            Parameters = { new() { Value = expected }, new() { Value = leftOut }, new() { Value = entity } },
        };
        var rows = new List<RowDifference>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            rows.Add(new RowDifference(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        return rows;
    }
}
