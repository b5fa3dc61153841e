using Ledger.Projections.LineItemVersions;
using Marten;

namespace Ledger.Api.Reading;

/// <summary>
/// Answers as-of questions from whichever generation of the line-item versions model is serving (see
/// <see cref="ServingGenerations"/>). Generation 1 is inline, so it already holds every committed event. An async generation is
/// first given a moment to reach the log's end as this question found it, so a reader who has just written sees it.
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
        var logEnd = await session.Database.FetchHighestEventSequenceNumber(cancellation);
        var position = model.Inline ? logEnd : await model.CatchUpAsync(session.Database, logEnd, CatchUpWait, cancellation);
        var rows = generation == LineItemVersionsGeneration2.Generation
            ? await RowsAsync<LineItemVersionRowGeneration2>(session, entity, point, filter, cancellation)
            : await RowsAsync<LineItemVersionRow>(session, entity, point, filter, cancellation);
        return new VersionRows(rows, position, generation);
    }

    private static async Task<IReadOnlyList<LineItemVersionRow>> RowsAsync<TRow>(
        IQuerySession session, string entity, ReadingPoint point, LineFilter filter, CancellationToken cancellation) where TRow : LineItemVersionRow
    {
        var query = session.Query<TRow>().Where(r =>
            r.Entity == entity
            && r.KnownFrom <= point.AsOf && (r.KnownTo == null || r.KnownTo > point.AsOf)
            && r.RecordedFrom <= point.RecordedAsOf && (r.RecordedTo == null || r.RecordedTo > point.RecordedAsOf));
        if (filter.Periods is { } periods) query = query.Where(r => r.Period.IsOneOf(periods.ToArray()));
        if (filter.Concepts is { } concepts) query = query.Where(r => r.Concept.IsOneOf(concepts.ToArray()));
        if (filter.Nature is { } nature) query = query.Where(r => r.Nature == nature);
        if (filter.ShareBasisBefore is { } date) query = query.Where(r => r.ShareBasisDate != null && r.ShareBasisDate < date);
        return await query.ToListAsync(cancellation);
    }
}
