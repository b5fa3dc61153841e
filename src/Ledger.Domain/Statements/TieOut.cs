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

/// <summary>Evaluates a template's checks over the values a statement shows, on whatever basis they are shown.</summary>
public static class TieOut
{
    public const string Pass = "pass";
    public const string Fail = "fail";
    public const string Incomplete = "incomplete";

    /// <param name="valueOf">The shown value of each line key; absent lines are not in it.</param>
    /// <param name="shareBasisOf">
    /// For per-share and share-count lines, a label of the share basis each value is shown on. Lines on different
    /// bases do not add up, and a failing check says so instead of pretending the figures disagree.
    /// </param>
    public static IReadOnlyList<TieOutResult> Evaluate(
        StatementTemplate template, IReadOnlyDictionary<string, decimal> valueOf, IReadOnlyDictionary<string, string>? shareBasisOf = null) =>
        template.Checks.Select(check => Evaluate(check, valueOf, shareBasisOf ?? new Dictionary<string, string>())).ToList();

    private static TieOutResult Evaluate(TemplateCheck check, IReadOnlyDictionary<string, decimal> valueOf, IReadOnlyDictionary<string, string> shareBasisOf)
    {
        var terms = check.SumOf.Select(t => (Key: t.TrimStart('-'), Sign: t.StartsWith('-') ? -1m : 1m)).ToList();
        var missing = terms.Select(t => t.Key).Append(check.Total).Where(k => !valueOf.ContainsKey(k)).Distinct().ToList();

        // Nothing of the check is shown (another period, not yet published): it says nothing either way.
        if (missing.Count == terms.Count + 1)
            return new TieOutResult(check.Name, check.Total, null, null, null, Incomplete, missing);
        if (missing.Count > 0)
            return new TieOutResult(check.Name, check.Total, null, valueOf.GetValueOrDefault(check.Total), null, Incomplete, missing);

        var expected = terms.Sum(t => t.Sign * valueOf[t.Key]);
        var actual = valueOf[check.Total];
        var difference = actual - expected;
        var bases = terms.Select(t => t.Key).Append(check.Total).Select(shareBasisOf.GetValueOrDefault).OfType<string>().Distinct().ToList();
        var note = difference != 0 && bases.Count > 1
            ? $"The lines are on different share bases ({string.Join("; ", bases)}), so their sum mixes bases; ask with basis=restated to put them on one."
            : null;
        return new TieOutResult(check.Name, check.Total, expected, actual, difference, difference == 0 ? Pass : Fail, [], note);
    }
}
