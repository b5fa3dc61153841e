using System.Globalization;

namespace Ledger.Domain.Values;

/// <summary>
/// Reading points on the known-time and recorded-time axes. Every instant is UTC. A bare date means
/// different things at the two ends: a figure known from <c>2013-02-08</c> is known from the start of that
/// day, and a question as of <c>2013-02-08</c> asks about the end of that day.
/// </summary>
public static class KnownTime
{
    /// <summary>PostgreSQL keeps microseconds, so the last instant of a day is one microsecond before midnight.</summary>
    private static readonly TimeSpan Microsecond = TimeSpan.FromTicks(10);

    /// <summary>Parses when something became known: a date (start of day, UTC) or an instant with an explicit offset.</summary>
    public static bool TryParseStart(string? text, out DateTimeOffset instant) =>
        TryParse(text, out instant, endOfDay: false);

    /// <summary>Parses an as-of reading point: a date (end of that day, UTC) or an instant with an explicit offset.</summary>
    public static bool TryParseAsOf(string? text, out DateTimeOffset instant) =>
        TryParse(text, out instant, endOfDay: true);

    /// <summary>Why a known time or reading point was refused: out of the ledger's years, or not a date or instant.</summary>
    public static string RejectionFor(string? text) => Period.RejectionFor(text, RejectionCodes.KnownTimeInvalid);

    public static DateTimeOffset StartOf(DateOnly date) =>
        new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public static DateTimeOffset EndOf(DateOnly date) => StartOf(date.AddDays(1)) - Microsecond;

    private static bool TryParse(string? text, out DateTimeOffset instant, bool endOfDay)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (Period.TryParseDate(text, out var date))
        {
            instant = endOfDay ? EndOf(date) : StartOf(date);
            return true;
        }
        // An instant must say which offset it is in; a local time without one is ambiguous, so it is refused.
        var hasOffset = text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T');
        if (!text.Contains('T') || !hasOffset) return false;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) return false;
        if (!Period.IsInRange(DateOnly.FromDateTime(parsed.UtcDateTime))) return false;
        instant = TruncateToMicroseconds(parsed.ToUniversalTime());
        return true;
    }

    /// <summary>Keeps only what PostgreSQL stores, so that an instant read back compares equal.</summary>
    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset instant) =>
        new(instant.Ticks - instant.Ticks % 10, instant.Offset);
}
