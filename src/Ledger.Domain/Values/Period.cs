using System.Globalization;

namespace Ledger.Domain.Values;

/// <summary>
/// What a figure describes: a duration (<c>2012-04-01/2012-12-31</c>, both days included) or an
/// instant (<c>2012-12-31</c>, for balance-sheet lines). Written in ISO 8601; the text form is canonical.
/// </summary>
public readonly record struct Period(DateOnly? Start, DateOnly End)
{
    /// <summary>
    /// Every date the ledger takes (periods, known times, reading points, share bases, split dates) lies in these
    /// years: 0001-01-01 or 9999-12-31 is a placeholder or a typo, never a published figure, and the bounds keep
    /// "the end of that day" and every interval computed from a date inside what the clock and PostgreSQL hold.
    /// </summary>
    public static readonly DateOnly Earliest = new(1900, 1, 1);
    public static readonly DateOnly Latest = new(2199, 12, 31);

    public bool IsInstant => Start is null;

    public override string ToString() =>
        Start is { } start ? $"{Format(start)}/{Format(End)}" : Format(End);

    public static Period Instant(DateOnly on) => new(null, on);
    public static Period Duration(DateOnly start, DateOnly end) => new(start, end);

    /// <summary>Parses a period, saying which rule it breaks when it cannot.</summary>
    public static bool TryParse(string? text, out Period period, out string? rejectionCode)
    {
        period = default;
        rejectionCode = RejectionCodes.PeriodInvalid;
        if (string.IsNullOrWhiteSpace(text)) return false;

        rejectionCode = RejectionFor(text, RejectionCodes.PeriodInvalid);
        var parts = text.Split('/');
        if (parts.Length == 1 && TryParseDate(parts[0], out var instant))
        {
            period = Instant(instant);
            rejectionCode = null;
            return true;
        }
        if (parts.Length != 2 || !TryParseDate(parts[0], out var start) || !TryParseDate(parts[1], out var end))
            return false;
        if (end < start)
        {
            rejectionCode = RejectionCodes.PeriodEndBeforeStart;
            return false;
        }
        period = Duration(start, end);
        rejectionCode = null;
        return true;
    }

    public static Period Parse(string text) =>
        TryParse(text, out var period, out var code) ? period : throw new FormatException($"{code}: '{text}'");

    /// <summary>Parses a yyyy-MM-dd date between <see cref="Earliest"/> and <see cref="Latest"/>.</summary>
    public static bool TryParseDate(string? text, out DateOnly date) => TryParseAnyDate(text, out date) && IsInRange(date);

    public static bool IsInRange(DateOnly date) => date >= Earliest && date <= Latest;

    /// <summary>
    /// Why a date, period or instant text was refused: <c>date_out_of_range</c> when it holds a well-formed date
    /// outside the ledger's years, otherwise <paramref name="otherwise"/>.
    /// </summary>
    public static string RejectionFor(string? text, string otherwise)
    {
        foreach (var part in (text ?? "").Split('/'))
            if (part.Length >= 10 && TryParseAnyDate(part[..10], out var date) && !IsInRange(date))
                return RejectionCodes.DateOutOfRange;
        return otherwise;
    }

    private static bool TryParseAnyDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
