using Ledger.Api.Reading;
using System.Globalization;
using System.Text;
using Ledger.Domain.Values;

namespace Ledger.Api.Exports;

/// <summary>
/// An answer as CSV (RFC 4180): one row per figure, values as exact decimals in base units, times in UTC ISO 8601,
/// and the reading point (as of, recorded as of, basis) on every row so that a row read alone still says what it is.
/// </summary>
public static class CsvExport
{
    private static readonly string[] Header =
    [
        "key", "label", "concept", "period", "dimensions", "nature", "value", "unit", "decimals", "share_basis_date",
        "reported_value", "reported_decimals", "reported_share_basis_date", "splits_applied", "basis", "as_of", "recorded_as_of",
        "version", "known_from", "recorded_at", "cause", "caused_by", "supersedes", "source", "note", "restated",
    ];

    public static string Write(ComputedFrom point, IEnumerable<ExportRow> rows)
    {
        var csv = new StringBuilder().AppendJoin(',', Header).Append("\r\n");
        foreach (var r in rows)
        {
            string?[] fields =
            [
                r.Key, r.Label, r.Concept, r.Period, Dimensions.Canonical(r.Dimensions), r.Nature,
                Number(r.Value), r.Unit, Int(r.Decimals), Date(r.ShareBasisDate),
                Number(r.ReportedValue), Int(r.ReportedDecimals), Date(r.ReportedShareBasisDate), string.Join(';', r.SplitsApplied),
                point.Basis, Instant(point.AsOf), Instant(point.RecordedAsOf),
                Int(r.Version), Instant(r.KnownFrom), Instant(r.RecordedAt), r.Cause, r.CausedBy, r.Supersedes is { } s ? Int(s) : null,
                r.Source, r.Note, r.Restated ? "true" : "false",
            ];
            csv.AppendJoin(',', fields.Select(Quote)).Append("\r\n");
        }
        return csv.ToString();
    }

    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Quotes a field only when it holds a comma, a quote or a line break, doubling its quotes.</summary>
    private static string Quote(string? field) =>
        field is null ? ""
        : field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field
        : $"\"{field.Replace("\"", "\"\"")}\"";
}
