using JasperFx.Events;
using Ledger.Domain.LineItems;
using Ledger.Domain.Values;
using Ledger.Projections.LineItems;
using Marten;
using Marten.Events.Projections;

namespace Ledger.Projections.LineItemVersions;

/// <summary>
/// Keeps a version of the line-item versions read model in step with line-item events. For each line item touched
/// by a batch it recomputes the bitemporal rows from the line's versions (<see cref="BitemporalRows"/>) and upserts
/// them: existing rows only ever have their upper bounds closed, so a rebuild writes exactly what the live run wrote.
/// Each version of the model is a subclass with its own row type, hence its own table, so a new version can be built
/// beside the one serving queries.
/// </summary>
public abstract class LineItemVersionsProjection<TRow> : IProjection where TRow : LineItemVersionRow
{
    /// <summary>Turns the rows of version 1's shape into this version's rows.</summary>
    protected abstract Task<IEnumerable<TRow>> ShapeAsync(IDocumentOperations operations, IReadOnlyList<LineItemVersionRow> rows, CancellationToken cancellation);

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var byLine = RecordedLineItemEvent.In(events)
            .GroupBy(e => e.LineItemId)
            .ToList();
        if (byLine.Count == 0) return;

        var ids = byLine.Select(g => g.Key).ToArray();
        var existing = await operations.Query<TRow>()
            .Where(r => r.LineItemId.IsOneOf(ids))
            .ToListAsync(cancellation);
        var existingByLine = existing.ToLookup(r => r.LineItemId);

        var changed = new List<LineItemVersionRow>();
        foreach (var line in byLine)
        {
            var versions = VersionsOf(existingByLine[line.Key]).ToList();
            // A confirmation names no line: it is the line of the versions before it (a confirmation never comes first).
            var added = new List<ProjectedVersion>();
            foreach (var @event in line)
                added.AddRange(NewVersion(@event, versions.Concat(added).FirstOrDefault()?.Line));
            ThrowIfTheStreamMovedMeanwhile(line.Key, versions, added);
            versions.AddRange(added);
            if (versions.Count == 0) continue;

            var known = existingByLine[line.Key].ToDictionary(r => r.Id);
            changed.AddRange(RowsOf(versions).Where(r => !known.TryGetValue(r.Id, out var old) || old.RecordedTo != r.RecordedTo));
        }
        foreach (var row in await ShapeAsync(operations, changed, cancellation))
            operations.Store(row);
    }

    /// <summary>
    /// Were a generation inline, the events' versions would be assigned from what the writer read: if a concurrent
    /// writer committed the same version first, its row is already here, and the append is stale and must fail as a
    /// concurrency conflict (409). Run by the daemon over committed events, it never fires; it guards the row model.
    /// </summary>
    private static void ThrowIfTheStreamMovedMeanwhile(string lineItemId, List<ProjectedVersion> existing, List<ProjectedVersion> added)
    {
        var taken = existing.Select(v => v.Recorded.Version.Version).ToHashSet();
        if (added.FirstOrDefault(v => taken.Contains(v.Recorded.Version.Version)) is { } clash)
            throw new EventStreamUnexpectedMaxEventIdException(lineItemId, typeof(LineItem), clash.Recorded.Version.Version - 1, taken.Max());
    }

    /// <summary>A version as the projection remembers it: the row data plus when and where it was recorded.</summary>
    private sealed record ProjectedVersion(RecordedVersion Recorded, LineItemIdentity Line);

    private static IEnumerable<ProjectedVersion> VersionsOf(IEnumerable<LineItemVersionRow> rows) =>
        rows.GroupBy(r => r.Version).Select(g => g.First()).OrderBy(r => r.Version).Select(r => new ProjectedVersion(
            new RecordedVersion(
                new LineItemVersion(r.Version, new Figure(r.Value, r.Unit, r.Decimals, r.ShareBasisDate, r.Source, r.Note, r.DerivedFrom, r.Range),
                    r.KnownFrom, Enum.Parse<VersionCause>(r.Cause, ignoreCase: true), r.CausedBy, r.Reason, r.Supersedes),
                r.VersionRecordedAt),
            new LineItemIdentity(r.Entity, r.Concept, r.Period, r.Dimensions, NatureNames.TryParse(r.Nature, out var n) ? n : Nature.Actual)));

    /// <summary>The version an event brings, if it brings one; a confirmation brings the publication it keeps (older ones brought none).</summary>
    private static IEnumerable<ProjectedVersion> NewVersion(RecordedLineItemEvent @event, LineItemIdentity? knownLine)
    {
        if (VersionOfEvent.Of(@event) is not { } brought || (brought.Line ?? knownLine) is not { } line) yield break;
        // Microseconds only: what PostgreSQL keeps is what a rebuild will read back.
        var recordedAt = KnownTime.TruncateToMicroseconds(@event.Stored.Timestamp.ToUniversalTime());
        yield return new ProjectedVersion(new RecordedVersion(brought.Version, recordedAt), line);
    }

    private static IEnumerable<LineItemVersionRow> RowsOf(IReadOnlyList<ProjectedVersion> versions)
    {
        var byVersion = versions.ToDictionary(v => v.Recorded.Version.Version);
        return BitemporalRows.Of(versions.Select(v => v.Recorded).ToList())
            .Select(interval => ToRow(interval, byVersion[interval.Version]));
    }

    private static LineItemVersionRow ToRow(VersionInterval interval, ProjectedVersion projected)
    {
        var (line, version, figure) = (projected.Line, projected.Recorded.Version, projected.Recorded.Version.Figure);
        return new LineItemVersionRow
        {
            Id = $"{line.Id}#{version.Version}#{interval.KnownFrom.UtcTicks}#{interval.RecordedFrom.UtcTicks}",
            LineItemId = line.Id,
            Entity = line.Entity,
            Concept = line.Concept,
            Period = line.Period,
            Dimensions = new Dictionary<string, string>(line.Dimensions),
            DimensionsKey = Dimensions.Canonical(line.Dimensions),
            Nature = line.Nature.ToName(),
            Version = version.Version,
            KnownFrom = interval.KnownFrom,
            KnownTo = interval.KnownTo,
            RecordedFrom = interval.RecordedFrom,
            RecordedTo = interval.RecordedTo,
            Value = figure.Value,
            Unit = figure.Unit,
            Decimals = figure.Decimals,
            ShareBasisDate = figure.ShareBasisDate,
            Source = figure.Source,
            Note = figure.Note,
            DerivedFrom = figure.DerivedFrom,
            Range = figure.Range,
            Cause = version.Cause.ToName(),
            CausedBy = version.CausedBy,
            Reason = version.Reason,
            Supersedes = version.Supersedes,
            VersionRecordedAt = projected.Recorded.RecordedAt,
        };
    }
}
