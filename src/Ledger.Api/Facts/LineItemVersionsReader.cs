using Ledger.Api.Admin;
using Ledger.Domain.ShareBasis;
using Ledger.Projections;
using Ledger.Projections.LineItemVersions;
using Marten;

namespace Ledger.Api.Facts;

/// <summary>Which lines of the versions model a question wants, beyond its entity and reading point.</summary>
public sealed record LineFilter(
    IReadOnlyCollection<string>? Periods = null,
    IReadOnlyCollection<string>? Concepts = null,
    string? Nature = null,
    DateOnly? ShareBasisBefore = null);

/// <summary>
/// Rows in force at a reading point, with the entity's share basis, the log position and model version they were read
/// from, and the recorded time before which nothing can still be appended (<see cref="LogPoint.SettledBefore"/>).
/// </summary>
public sealed record VersionRows(
    IReadOnlyList<LineItemVersionRow> Rows, ShareBasisHistory? ShareBasis, long Position, int ProjectionVersion, DateTimeOffset SettledBefore)
{
    /// <summary>True when no later append can change what was read at this recorded time: the answer is final.</summary>
    public bool Settled(ReadingPoint point) => point.RecordedAsOf < SettledBefore;
}

/// <summary>
/// Where the log stood when a question was read. <paramref name="OpenSince"/> is the start of the oldest other
/// transaction still open. An event's recorded time is taken by the writing process just before its transaction
/// starts, so an event not yet visible was recorded no earlier than <see cref="Grace"/> before the start of an open
/// transaction, or before <paramref name="Now"/> if its transaction had not started.
/// </summary>
public sealed record LogPoint(long Position, long ShardPosition, DateTimeOffset? OpenSince, DateTimeOffset Now)
{
    /// <summary>
    /// The most a recorded time may precede its transaction's start: the writer's step from stamping its events to
    /// opening the transaction (milliseconds, measured), plus clock skew between the nodes and the database.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    public DateTimeOffset SettledBefore => (OpenSince is { } open && open < Now ? open : Now) - Grace;
}

/// <summary>
/// Answers as-of questions from whichever version of the line-item versions model is serving (see
/// <see cref="ServingVersions"/>), in one database round trip: where the log stands, the rows in force and the share
/// basis go in one batch. Version 1 is inline, so it already holds every committed event. An async version that has
/// not yet reached the log's end as this question found it is given a moment to, so a reader who has just written sees it.
/// </summary>
public sealed class LineItemVersionsReader(ServingVersions serving)
{
    /// <summary>How long a question waits for an async version to catch up before answering from where it is.</summary>
    public static readonly TimeSpan CatchUpWait = TimeSpan.FromSeconds(5);

    public async Task<VersionRows> InForceAsync(
        IQuerySession session, string entity, ReadingPoint point, LineFilter filter, CancellationToken cancellation) =>
        await InForceAsync(session, await serving.LineItemVersionsAsync(cancellation), entity, point, filter, cancellation);

    /// <summary>The rows in force at a reading point: one index range lookup on (entity, period, known_from).</summary>
    public static async Task<VersionRows> InForceAsync(
        IQuerySession session, int version, string entity, ReadingPoint point, LineFilter filter, CancellationToken cancellation)
    {
        var model = LineItemVersionsModel.Find(version)
            ?? throw new ArgumentOutOfRangeException(nameof(version), version, "no such version of the line-item versions model");
        var batch = session.CreateBatchQuery();
        // First in the batch: rows read after it include every transaction it did not count as still open.
        var logPoint = batch.Query<LogPoint>(LogPointSql, model.ShardName);
        var rows = RowsQuery(batch, model, entity, point, filter);
        var shareBasis = batch.Load<ShareBasisHistory>(ShareBasisStream.Key(entity));
        await batch.Execute(cancellation);

        var log = (await logPoint).Single();
        var position = model.Inline ? log.Position : log.ShardPosition;
        var found = await rows;
        if (position < log.Position)
        {
            // Rare: the async version is behind what this reader may just have written. Wait, then read again.
            position = await model.CatchUpAsync(session.Database, log.Position, CatchUpWait, cancellation);
            var again = session.CreateBatchQuery();
            var rowsAgain = RowsQuery(again, model, entity, point, filter);
            await again.Execute(cancellation);
            found = await rowsAgain;
        }
        return new VersionRows(found, await shareBasis, position, version, log.SettledBefore);
    }

    private static readonly string LogPointSql =
        "select json_build_object(" +
        $"'position', (select coalesce(max(seq_id), 0) from {LedgerStoreOptions.SchemaName}.mt_events), " +
        $"'shardPosition', (select coalesce(max(last_seq_id), 0) from {LedgerStoreOptions.SchemaName}.mt_event_progression where split_part(name, ':', 1) = ?), " +
        "'openSince', (select min(xact_start) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()), " +
        "'now', transaction_timestamp())";

    /// <summary>
    /// The as-of lookup as SQL on the duplicated columns: no LINQ to translate on every question. Both row types share
    /// the columns, so one where clause serves every version.
    /// </summary>
    private static Task<IReadOnlyList<LineItemVersionRow>> RowsQuery(
        Marten.Services.BatchQuerying.IBatchedQuery batch, ModelVersion model, string entity, ReadingPoint point, LineFilter filter)
    {
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
        return model.Version == LineItemVersionsV2.Version
            ? Widen(batch.Query<LineItemVersionRowV2>(sql, values.ToArray()))
            : batch.Query<LineItemVersionRow>(sql, values.ToArray());
    }

    private static async Task<IReadOnlyList<LineItemVersionRow>> Widen(Task<IReadOnlyList<LineItemVersionRowV2>> rows) => await rows;
}

public static class ShareBasisQueries
{
    public static Task<ShareBasisHistory?> ShareBasisAsync(this IQuerySession session, string entity, CancellationToken cancellation) =>
        session.LoadAsync<ShareBasisHistory>(ShareBasisStream.Key(entity), cancellation);
}
