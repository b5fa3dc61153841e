using Ledger.Api.Admin;
using Ledger.Domain.ShareBasis;
using Ledger.Projections.LineItemVersions;
using Marten;

namespace Ledger.Api.Facts;

/// <summary>Which lines of the versions model a question wants, beyond its entity and reading point.</summary>
public sealed record LineFilter(
    IReadOnlyCollection<string>? Periods = null,
    IReadOnlyCollection<string>? Concepts = null,
    string? Nature = null,
    DateOnly? ShareBasisBefore = null);

/// <summary>Rows in force at a reading point, with the log position and model version they were read from.</summary>
public sealed record VersionRows(IReadOnlyList<LineItemVersionRow> Rows, long Position, int ProjectionVersion);

/// <summary>
/// Answers as-of questions from whichever version of the line-item versions model is serving (see
/// <see cref="ServingVersions"/>). Version 1 is inline, so it already holds every committed event. An async version is
/// first given a moment to reach the log's end as this question found it, so a reader who has just written sees it.
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
        var logEnd = await session.Database.FetchHighestEventSequenceNumber(cancellation);
        var position = model.Inline ? logEnd : await model.CatchUpAsync(session.Database, logEnd, CatchUpWait, cancellation);
        var rows = version == LineItemVersionsV2.Version
            ? await RowsAsync<LineItemVersionRowV2>(session, entity, point, filter, cancellation)
            : await RowsAsync<LineItemVersionRow>(session, entity, point, filter, cancellation);
        return new VersionRows(rows, position, version);
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

public static class ShareBasisQueries
{
    public static Task<ShareBasisHistory?> ShareBasisAsync(this IQuerySession session, string entity, CancellationToken cancellation) =>
        session.LoadAsync<ShareBasisHistory>(ShareBasisStream.Key(entity), cancellation);
}
