using Ledger.Domain.Filings;

namespace Ledger.Api.Filings;

/// <summary>The answer to a filing, the same on the first call and on every retry.</summary>
public sealed record FilingResult(
    string Entity, string FilingId, string Title, DateTimeOffset KnownFrom, string ContentHash,
    int Reported, int Confirmed, int Restated, IReadOnlyList<FiledLineItem> LineItems,
    IReadOnlyList<FiledPublication> Publications, IReadOnlyList<FiledPublication> InconsistentDuplicates)
{
    public static FilingResult From(FilingRecorded filing) => new(
        filing.Entity, filing.FilingId, filing.Title, filing.KnownFrom, filing.ContentHash,
        filing.LineItems.Count(l => l.Outcome == "reported"),
        filing.LineItems.Count(l => l.Outcome == "confirmed"),
        filing.LineItems.Count(l => l.Outcome == "restated"),
        filing.LineItems,
        filing.Publications ?? [],
        (filing.Publications ?? []).Where(p => !p.Consistent).ToList());
}
