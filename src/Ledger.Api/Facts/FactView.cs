using Ledger.Projections.LineItemVersions;

namespace Ledger.Api.Facts;

/// <summary>A line item as an answer shows it: its identity, the value in force, and where that value came from.</summary>
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
    bool Restated)
{
    public static FactView From(LineItemVersionRow row) => new(
        row.LineItemId, row.Concept, row.Period, row.Dimensions, row.Nature,
        row.Value, row.Unit, row.Decimals, row.ShareBasisDate,
        row.Version, row.KnownFrom, row.KnownTo, row.VersionRecordedAt,
        row.Cause, row.CausedBy, row.Source, row.Reason, row.Note, row.DerivedFrom,
        Restated: row.Cause != "reported");
}
