using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ledger.Domain.LineItems;
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
        var text = new StringBuilder()
            .Append(Entity).Append('\n').Append(FilingId).Append('\n').Append(Title).Append('\n')
            .Append(KnownFrom.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)).Append('\n');
        Append(text, Facts);
        // Only filings that repeat figures carry this section, so the hash of every other filing is what it was.
        if (OtherPublications is { Count: > 0 }) Append(text.Append("publications\n"), OtherPublications);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Append(StringBuilder text, IEnumerable<ReportedFact> facts)
    {
        foreach (var fact in facts.OrderBy(f => f.Line.Id, StringComparer.Ordinal).ThenBy(f => f.Figure.Decimals))
        {
            var f = fact.Figure;
            text.Append(fact.Line.Id).Append('\t')
                .Append(f.Value.ToString("G29", CultureInfo.InvariantCulture)).Append('\t')
                .Append(f.Unit).Append('\t').Append(f.Decimals.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(f.ShareBasisDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\t')
                .Append(f.Source).Append('\t').Append(f.Note).Append('\t').Append(f.DerivedFrom)
                // Only truncated figures carry a range, so the hash of every other filing is what it was.
                .Append(f.Range is { } r ? FormattableString.Invariant($"\t[{r.Low};{r.High}]") : "").Append('\n');
        }
    }

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

/// <summary>What recording a filing comes to.</summary>
public abstract record FilingDecision
{
    /// <summary>The same filing was recorded before with the same content: answer as the first time, append nothing.</summary>
    public sealed record AlreadyRecorded(FilingRecorded Original) : FilingDecision;

    /// <summary>The filing id is taken by different content.</summary>
    public sealed record Conflict(FilingRecorded Original) : FilingDecision;

    /// <summary>New events: the filing's record and one event per line item, each with the version it expects.</summary>
    public sealed record Append(FilingRecorded Filing, IReadOnlyList<LineItemAppend> LineItems) : FilingDecision;

    /// <param name="ExpectedVersion">The line item's version the decision was made on; 0 for a new line item.</param>
    public sealed record LineItemAppend(string LineItemId, int ExpectedVersion, ILineItemEvent Event);

    /// <summary>Decides a filing from the filing stream's record (if any) and the current state of its line items.</summary>
    public static FilingDecision Decide(RecordFiling command, FilingRecorded? existing, IReadOnlyDictionary<string, LineItem> lineItems,
        IReadOnlyList<ShareSplit>? splits = null)
    {
        var hash = command.ContentHash();
        if (existing is not null)
            return existing.ContentHash == hash ? new AlreadyRecorded(existing) : new Conflict(existing);

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
