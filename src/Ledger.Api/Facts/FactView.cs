using Ledger.Domain.LineItems;
using Ledger.Domain.ShareBasis;
using Ledger.Domain.Values;
using Ledger.Projections.LineItemVersions;

namespace Ledger.Api.Facts;

/// <summary>
/// A line item as an answer shows it: its identity, the value in force on the requested basis, the value as it
/// was published, and where that value came from.
/// </summary>
public sealed record FactView(
    string LineItemId,
    string Concept,
    string Period,
    IReadOnlyDictionary<string, string> Dimensions,
    string Nature,
    decimal Value,
    string Unit,
    int Decimals,
    DateOnly? ShareBasisDate,
    decimal ReportedValue,
    int ReportedDecimals,
    DateOnly? ReportedShareBasisDate,
    IReadOnlyList<string> AdjustedBySplits,
    int Version,
    DateTimeOffset KnownFrom,
    DateTimeOffset? KnownTo,
    DateTimeOffset RecordedAt,
    string Cause,
    string CausedBy,
    string Source,
    string? Reason,
    string? Note,
    string? DerivedFrom,
    bool Restated,
    string? FilingTitle,
    ValueRange? Range = null,
    int? Supersedes = null)
{
    /// <summary>
    /// What kind of figure this is: <c>printed</c> as the document shows it, <c>truncated</c> (the document cut the
    /// cell off; <see cref="Range"/> says where the value lies), or <c>derived</c> (not printed: worked out or assumed,
    /// see <see cref="DerivedFrom"/>), so that no derived figure passes for a printed one on any basis.
    /// </summary>
    public string Kind => DerivedFrom is not null ? "derived" : Range is not null ? "truncated" : "printed";

    public static FactView From(LineItemVersionRow row, ShareBasisHistory? shareBasis, ReadingPoint point)
    {
        var shown = point.Basis == Basis.Restated
            ? ShareBasisAdjustment.Restate(row.Value, row.Decimals, Ledger.Domain.Values.Unit.Parse(row.Unit), row.ShareBasisDate,
                shareBasis?.Splits ?? [], point.AsOf, point.RecordedAsOf)
            : new AdjustedValue(row.Value, row.Decimals, row.ShareBasisDate, []);
        return new FactView(
            row.LineItemId, row.Concept, row.Period, row.Dimensions, row.Nature,
            shown.Value, row.Unit, shown.Decimals, shown.ShareBasisDate,
            row.Value, row.Decimals, row.ShareBasisDate, shown.SplitIds,
            row.Version, row.KnownFrom, row.KnownTo, row.VersionRecordedAt,
            row.Cause, row.CausedBy, row.Source, row.Reason, row.Note, row.DerivedFrom,
            Restated: row.Cause is not ("reported" or "confirmed") || shown.Adjusted,
            // Version 2 of the read model carries the title; version 1 answers without it.
            FilingTitle: (row as LineItemVersionRowV2)?.FilingTitle,
            // A split rescales the value; a range belongs to the printed figure only.
            Range: shown.Adjusted ? null : row.Range,
            Supersedes: row.Supersedes);
    }
}
