using Ledger.Domain.ShareBasis;
using Ledger.Projections;
using Ledger.Projections.LineItemVersions;
using Ledger.Projections.ShareBasis;
using Marten;

namespace Ledger.Api.Reading;

/// <summary>
/// Answers as-of questions from whichever generation of the line-item versions model is serving (see
/// <see cref="ServingGenerations"/>), in one database round trip: where the log stands, the rows in force and the share
/// basis go in one batch. Generation 1 is inline, so it already holds every committed event. An async generation that has
/// not yet reached the log's end as this question found it is given a moment to, so a reader who has just written sees it.
/// </summary>
public sealed class LineItemVersionsReader(ServingGenerations serving)
{
    /// <summary>How long a question waits for an async generation to catch up before answering from where it is.</summary>
    public static readonly TimeSpan CatchUpWait = TimeSpan.FromSeconds(5);

    public async Task<VersionRows> InForceAsync(
        IQuerySession session, string entity, ReadingPoint point, LineFilter filter, CancellationToken cancellation) =>
        await InForceAsync(session, await serving.GenerationAsync(cancellation), entity, point, filter, cancellation);

    /// <summary>The rows in force at a reading point: one index range lookup on (entity, period, known_from).</summary>
    public static async Task<VersionRows> InForceAsync(
        IQuerySession session, int generation, string entity, ReadingPoint point, LineFilter filter, CancellationToken cancellation)
    {
        var model = LineItemVersionsModel.Find(generation)
            ?? throw new ArgumentOutOfRangeException(nameof(generation), generation, "no such generation of the line-item versions model");
        var batch = session.CreateBatchQuery();
        // First in the batch: rows read after it include every transaction it did not count as still open.
        var logPoint = batch.Query<LogPoint>(LogPointSql, model.ShardName);
        var rows = RowsQuery(batch, model, entity, point, filter);
        var shareBasisEvents = batch.Events.FetchStream(ShareBasisStream.Key(entity));
        await batch.Execute(cancellation);

        var log = (await logPoint).Single();
        var position = model.Inline ? log.Position : log.ShardPosition;
        var found = await rows;
        if (position < log.Position)
        {
            // Rare: the async generation is behind what this reader may just have written. Wait, then read again.
            position = await model.CatchUpAsync(session.Database, log.Position, CatchUpWait, cancellation);
            var again = session.CreateBatchQuery();
            var rowsAgain = RowsQuery(again, model, entity, point, filter);
            await again.Execute(cancellation);
            found = await rowsAgain;
        }
        return new VersionRows(found, ShareBasisQueries.Fold(await shareBasisEvents), position, generation, log.SettledBefore, log.Chain);
    }

    private static readonly string LogPointSql =
        "select json_build_object(" +
        $"'position', (select coalesce(max(seq_id), 0) from {LedgerStoreOptions.SchemaName}.mt_events), " +
        $"'shardPosition', (select coalesce(max(last_seq_id), 0) from {LedgerStoreOptions.SchemaName}.mt_event_progression where split_part(name, ':', 1) = ?), " +
        "'openSince', (select min(xact_start) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()), " +
        "'now', transaction_timestamp(), " +
        $"'chain', (select json_build_object('position', position, 'hash', encode(hash, 'hex')) from {LedgerStoreOptions.SchemaName}.{LedgerStoreOptions.EventChainTable} order by position desc limit 1))";

    /// <summary>
    /// The as-of lookup as SQL on the duplicated columns: no LINQ to translate on every question. Both row types share
    /// the columns, so one where clause serves every generation.
    /// </summary>
    private static Task<IReadOnlyList<LineItemVersionRow>> RowsQuery(
        Marten.Services.BatchQuerying.IBatchedQuery batch, ModelGeneration model, string entity, ReadingPoint point, LineFilter filter)
    {
        if (model.Narrow) return batch.AddItem(new NarrowAsOfQuery(entity, point, filter));
        var where = new List<string>
        {
            "entity = ?", "known_from <= ?", "(known_to is null or known_to > ?)", "recorded_from <= ?", "(recorded_to is null or recorded_to > ?)",
        };
        var values = new List<object> { entity, point.AsOf, point.AsOf, point.RecordedAsOf, point.RecordedAsOf };
        if (filter.Periods is { } periods) Add("period = any(?)", periods.ToArray());
        if (filter.Concepts is { } concepts) Add("concept = any(?)", concepts.ToArray());
        if (filter.Nature is { } nature) Add("data ->> 'nature' = ?", nature);
        // ISO dates compare as text in date order; a row without a share-basis date compares as null, so is left out.
        if (filter.ShareBasisBefore is { } date) Add("data ->> 'shareBasisDate' < ?", date.ToString("yyyy-MM-dd"));
        void Add(string condition, object value)
        {
            where.Add(condition);
            values.Add(value);
        }

        var sql = "where " + string.Join(" and ", where);
        return model.Number == LineItemVersionsGeneration2.Generation
            ? Widen(batch.Query<LineItemVersionRowGeneration2>(sql, values.ToArray()))
            : batch.Query<LineItemVersionRow>(sql, values.ToArray());
    }

    private static async Task<IReadOnlyList<LineItemVersionRow>> Widen(Task<IReadOnlyList<LineItemVersionRowGeneration2>> rows) => await rows;
}
