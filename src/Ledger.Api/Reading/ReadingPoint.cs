using Ledger.Domain.Values;
using Ledger.Projections.LineItemVersions;

namespace Ledger.Api.Reading;

/// <summary>Which figures a reader wants: as published, or restated onto today's share basis.</summary>
public enum Basis
{
    Restated,
    AsReported,
}

/// <summary>
/// Where on the two time axes a question is asked: <c>asOf</c> on known time, <c>recordedAsOf</c> on recorded
/// time, both resolved to UTC instants and echoed in every answer, so the same question can be asked again.
/// </summary>
public sealed record ReadingPoint(DateTimeOffset AsOf, DateTimeOffset RecordedAsOf, Basis Basis)
{
    /// <summary>Parses the query parameters shared by every as-of read; missing ones mean "now" and "restated".</summary>
    public static ReadingPoint? Parse(string? asOf, string? recordedAsOf, string? basis, TimeProvider clock, Rejections rejections)
    {
        var now = KnownTime.TruncateToMicroseconds(clock.GetUtcNow());
        var known = Instant(asOf, "asOf", now, rejections);
        var recorded = Instant(recordedAsOf, "recordedAsOf", now, rejections);
        var shown = basis switch
        {
            null or "" or "restated" => Basis.Restated,
            "as-reported" => Basis.AsReported,
            _ => (Basis?)null,
        };
        if (shown is null)
            rejections.Add("basis", RejectionCodes.QueryInvalid, $"basis '{basis}' is not one of restated, as-reported.");
        return rejections.Any ? null : new ReadingPoint(known, recorded, shown!.Value);
    }

    private static DateTimeOffset Instant(string? text, string field, DateTimeOffset now, Rejections rejections)
    {
        if (string.IsNullOrEmpty(text)) return now;
        if (KnownTime.TryParseAsOf(text, out var instant)) return instant;
        rejections.Add(field, KnownTime.RejectionFor(text),
            $"{field} '{text}' is not a date (2013-02-08, meaning the end of that day in UTC) or an instant with an offset, " +
            $"between {Period.Earliest:yyyy-MM-dd} and {Period.Latest:yyyy-MM-dd}.");
        return now;
    }

    public static Period? ParsePeriod(string? text, bool required, Rejections rejections)
    {
        if (string.IsNullOrEmpty(text))
        {
            if (required) rejections.Add("period", RejectionCodes.Required, "period is required: '2012-04-01/2012-12-31' or '2012-12-31'.");
            return null;
        }
        if (Period.TryParse(text, out var period, out var code)) return period;
        rejections.Add("period", code!, $"period '{text}' is not an ISO 8601 date or date interval with its end on or after its start.");
        return null;
    }
}
