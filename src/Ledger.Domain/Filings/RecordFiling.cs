using Ledger.Domain.LineItems;
using Ledger.Domain.Recording;
using Ledger.Domain.ShareBasis;

namespace Ledger.Domain.Filings;

/// <summary>A checked filing: every fact typed and valid, ready to decide on.</summary>
/// <param name="OtherPublications">The same line items printed again at a coarser precision elsewhere in the document.</param>
public sealed record RecordFiling(string Entity, string FilingId, string Title, DateTimeOffset KnownFrom, IReadOnlyList<ReportedFact> Facts,
    IReadOnlyList<ReportedFact>? OtherPublications = null)
{
    /// <summary>
    /// SHA-256 of the filing's canonical content: facts in line-item order, values without trailing zeros,
    /// instants in UTC. Two requests with the same content have the same hash whatever their JSON layout.
    /// </summary>
    public string ContentHash()
    {
        // Each line ends in a newline (hence the empty last field), as the first filings were hashed.
        IEnumerable<string?> fields = [Entity, FilingId, Title, Recording.ContentHash.Instant(KnownFrom), .. Lines(Facts)];
        // Only filings that repeat figures carry this section, so the hash of every other filing is what it was.
        if (OtherPublications is { Count: > 0 }) fields = fields.Append("publications").Concat(Lines(OtherPublications));
        return Recording.ContentHash.Of(fields.Append(""));
    }

    private static IEnumerable<string> Lines(IEnumerable<ReportedFact> facts) =>
        facts.OrderBy(f => f.Line.Id, StringComparer.Ordinal).ThenBy(f => f.Figure.Decimals).Select(fact =>
            string.Join('\t', [fact.Line.Id, .. fact.Figure.CanonicalFields(), fact.Figure.DerivedFrom])
            // Only truncated figures carry a range, so the hash of every other filing is what it was.
            + (fact.Figure.Range is { } r ? FormattableString.Invariant($"\t[{r.Low};{r.High}]") : ""));

    /// <summary>
    /// Each other publication of a line item beside the figure recorded: consistent when the recorded figure, rounded
    /// to the publication's precision, is what it prints (xBRL's consistent duplicates), inconsistent otherwise.
    /// </summary>
    public IReadOnlyList<FiledPublication> Publications()
    {
        var figureOf = Facts.ToDictionary(f => f.Line.Id, f => f.Figure, StringComparer.Ordinal);
        return (OtherPublications ?? []).Select(p =>
        {
            var recorded = figureOf[p.Line.Id];
            var rounded = FiledPublication.Round(recorded.Value, p.Figure.Decimals);
            return new FiledPublication(p.Line.Id, p.Figure.Value, p.Figure.Decimals, p.Figure.Source, recorded.Value, recorded.Decimals, rounded == p.Figure.Value);
        }).ToList();
    }
}

/// <summary>What recording a filing comes to: already recorded, a conflict, or new events to append.</summary>
public abstract record FilingDecision : IdempotentDecision<FilingRecorded>
{
    /// <summary>New events: the filing's record and one line-item event per fact, each with the version it expects; stored as <see cref="Events"/> says.</summary>
    public sealed record Append(FilingRecorded Filing, IReadOnlyList<LineItemAppend> LineItems) : FilingDecision
    {
        /// <summary>What is appended to the filing's stream, in order: its record, then its line items' events as stored.</summary>
        public IReadOnlyList<object> Events() =>
            [Filing, .. LineItemEvents.Stored(Filing.FilingId, LineItems.Select(line => line.Event).ToList())];
    }

    /// <param name="ExpectedVersion">The line item's version the decision was made on; 0 for a new line item.</param>
    public sealed record LineItemAppend(string LineItemId, int ExpectedVersion, ILineItemEvent Event);

    /// <summary>Decides a filing from the filing stream's record (if any) and the current state of its line items.</summary>
    public static IdempotentDecision<FilingRecorded> Decide(RecordFiling command, FilingRecorded? existing, IReadOnlyDictionary<string, LineItem> lineItems,
        IReadOnlyList<ShareSplit>? splits = null)
    {
        var hash = command.ContentHash();
        if (Retried(existing, hash) is { } retried) return retried;

        var appends = command.Facts.Select(fact =>
        {
            var state = lineItems.GetValueOrDefault(fact.Line.Id);
            var @event = ReportLineItem.Decide(state, fact, command.FilingId, command.KnownFrom, splits);
            return new LineItemAppend(fact.Line.Id, state?.Version ?? 0, @event);
        }).ToList();

        var filed = appends
            .Select(a => new FiledLineItem(a.LineItemId, a.ExpectedVersion + 1, ReportLineItem.OutcomeOf(a.Event)))
            .ToList();
        var publications = command.Publications();
        return new Append(new FilingRecorded(command.FilingId, command.Entity, command.Title, command.KnownFrom, hash, filed,
            publications.Count == 0 ? null : publications), appends);
    }
}
