using Ledger.Domain.Filings;

namespace Ledger.Domain.Statements;

/// <summary>The outcome of one template check on the values shown.</summary>
public sealed record TieOutResult(
    string Name,
    string Total,
    decimal? Expected,
    decimal? Actual,
    decimal? Difference,
    string Status,
    IReadOnlyList<string> MissingLines,
    string? Note = null);

/// <summary>
/// A value as a check sees it: the figure shown and the interval the true value lies in, which is half a unit of
/// its published precision either side (165,260 thousand published in thousands: [165,259.5; 165,260.5]) or, for
/// a cell the document cut off, the range it was recorded with.
/// </summary>
public sealed record CheckedValue(decimal Value, int Decimals = 28, decimal? RangeLow = null, decimal? RangeHigh = null)
{
    public bool IsTruncated => RangeLow is not null && RangeHigh is not null;
    public decimal Low => RangeLow ?? Value - HalfUnit;
    public decimal High => RangeHigh ?? Value + HalfUnit;

    private decimal HalfUnit => Decimals >= 28 ? 0m : FiledPublication.Round(0.5m * Pow10(-Decimals), 28);

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++) result = exponent > 0 ? result * 10m : result / 10m;
        return result;
    }

    public static implicit operator CheckedValue(decimal value) => new(value);
}

/// <summary>Evaluates a template's checks over the values a statement shows, on whatever basis they are shown.</summary>
public static class TieOut
{
    public const string Pass = "pass";
    public const string Fail = "fail";
    public const string Incomplete = "incomplete";
    /// <summary>Does not add up exactly, but could: within the truncation of a cut-off cell or the rounding of a coarser table.</summary>
    public const string Consistent = "consistent";

    /// <param name="valueOf">The shown value of each line key; absent lines are not in it.</param>
    /// <param name="shareBasisOf">
    /// For per-share and share-count lines, a label of the share basis each value is shown on. Lines on different
    /// bases do not add up, and a failing check says so instead of pretending the figures disagree.
    /// </param>
    public static IReadOnlyList<TieOutResult> Evaluate(
        StatementTemplate template, IReadOnlyDictionary<string, decimal> valueOf, IReadOnlyDictionary<string, string>? shareBasisOf = null) =>
        Evaluate(template, valueOf.ToDictionary(kv => kv.Key, kv => (CheckedValue)kv.Value), shareBasisOf);

    public static IReadOnlyList<TieOutResult> Evaluate(
        StatementTemplate template, IReadOnlyDictionary<string, CheckedValue> valueOf, IReadOnlyDictionary<string, string>? shareBasisOf = null) =>
        template.Checks.Select(check => Evaluate(check, valueOf, shareBasisOf ?? new Dictionary<string, string>())).ToList();

    private static TieOutResult Evaluate(TemplateCheck check, IReadOnlyDictionary<string, CheckedValue> valueOf, IReadOnlyDictionary<string, string> shareBasisOf)
    {
        var terms = check.SumOf.Select(t => (Key: t.TrimStart('-'), Sign: t.StartsWith('-') ? -1m : 1m)).ToList();
        var missing = terms.Select(t => t.Key).Append(check.Total).Where(k => !valueOf.ContainsKey(k)).Distinct().ToList();

        // Nothing of the check is shown (another period, not yet published): it says nothing either way.
        if (missing.Count == terms.Count + 1)
            return new TieOutResult(check.Name, check.Total, null, null, null, Incomplete, missing);
        if (missing.Contains(check.Total))
            return new TieOutResult(check.Name, check.Total, null, null, null, Incomplete, missing);

        var shown = terms.Where(t => valueOf.ContainsKey(t.Key)).ToList();
        var expected = shown.Sum(t => t.Sign * valueOf[t.Key].Value);
        var total = valueOf[check.Total];
        var difference = total.Value - expected;

        // A statement that does not present a line for a period (the three-month cash flow has no "investment in an
        // equity method investee") foots over the lines it presents; if those do not add up, something is missing.
        if (missing.Count > 0)
            return difference == 0
                ? new TieOutResult(check.Name, check.Total, expected, total.Value, 0, Pass, missing,
                    $"Foots over the lines presented; not presented for this period: {string.Join(", ", missing)}.")
                : new TieOutResult(check.Name, check.Total, expected, total.Value, difference, Incomplete, missing,
                    $"The lines presented do not add up to the total (difference {difference:0.####}); not presented for this period: {string.Join(", ", missing)}.");

        if (difference == 0) return new TieOutResult(check.Name, check.Total, expected, total.Value, 0, Pass, []);

        var lines = shown.Select(t => (t.Key, t.Sign, Value: valueOf[t.Key])).Append((Key: check.Total, Sign: 1m, Value: total)).ToList();
        if (WithinPrecision(shown.Select(t => (t.Sign, valueOf[t.Key])).ToList(), total) is { } consistent)
            return new TieOutResult(check.Name, check.Total, expected, total.Value, difference, Consistent, [], consistent);

        var bases = lines.Select(l => shareBasisOf.GetValueOrDefault(l.Key)).OfType<string>().Distinct().ToList();
        var note = bases.Count > 1
            ? $"The lines are on different share bases ({string.Join("; ", bases)}), so their sum mixes bases; ask with basis=restated to put them on one."
            : null;
        return new TieOutResult(check.Name, check.Total, expected, total.Value, difference, Fail, [], note);
    }

    /// <summary>
    /// Published figures are intervals, not numbers (a rounded figure, a cut-off cell): the sum and the total tie
    /// when their intervals meet (the interval reading of xBRL calculations).
    /// </summary>
    private static string? WithinPrecision(IReadOnlyList<(decimal Sign, CheckedValue Value)> terms, CheckedValue total)
    {
        var low = terms.Sum(t => t.Sign > 0 ? t.Value.Low : -t.Value.High);
        var high = terms.Sum(t => t.Sign > 0 ? t.Value.High : -t.Value.Low);
        if (total.High < low || total.Low > high) return null;
        var cut = terms.Count(t => t.Value.IsTruncated) + (total.IsTruncated ? 1 : 0);
        var range = $"the lines add up to a value in [{low:0.####}; {high:0.####}] and the total lies in [{total.Low:0.####}; {total.High:0.####}].";
        return cut > 0
            ? $"Consistent within truncation: {cut} cell(s) cut off in the source; {range}"
            : $"Consistent within rounding: the figures are published at different precisions; {range}";
    }
}
