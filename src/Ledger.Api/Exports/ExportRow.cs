using Ledger.Api.Reading;

namespace Ledger.Api.Exports;

/// <summary>
/// One figure of an answer with its provenance, the same whether it came from a facts answer or a statement line:
/// the value shown and as published, when it became known and was recorded, what caused it and what it supersedes,
/// the basis and share basis it is on, and the splits applied to it.
/// </summary>
public sealed record ExportRow(
    string? Key, string? Label, string Concept, string Period, IReadOnlyDictionary<string, string> Dimensions, string Nature,
    decimal Value, string Unit, int Decimals, DateOnly? ShareBasisDate,
    decimal ReportedValue, int ReportedDecimals, DateOnly? ReportedShareBasisDate, IReadOnlyList<string> SplitsApplied,
    int Version, DateTimeOffset KnownFrom, DateTimeOffset RecordedAt, string Cause, string CausedBy, int? Supersedes,
    string Source, string? Note, bool Restated)
{
    public static ExportRow Of(FactView f) => new(null, null, f.Concept, f.Period, f.Dimensions, f.Nature,
        f.Value, f.Unit, f.Decimals, f.ShareBasisDate, f.ReportedValue, f.ReportedDecimals, f.ReportedShareBasisDate, f.AdjustedBySplits,
        f.Version, f.KnownFrom, f.RecordedAt, f.Cause, f.CausedBy, f.Supersedes, f.Source, f.Note, f.Restated);
}
