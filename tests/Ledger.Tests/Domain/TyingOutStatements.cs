using Ledger.Domain.Statements;

namespace Ledger.Tests.Domain;

public sealed class TyingOutStatements
{
    private static readonly StatementTemplate Income = new("income", "Income", "duration",
        [
            new TemplateLine("revenues", "Revenues", null, "Total revenues"),
            new TemplateLine("costs", "CostsAndExpenses", null, "Total cost and expenses"),
            new TemplateLine("operatingIncome", "OperatingIncomeLoss", null, "Operating income"),
        ],
        [new TemplateCheck("Operating income is revenues less costs", "operatingIncome", ["revenues", "-costs"])]);

    [Fact]
    public void A_total_that_equals_its_signed_sum_passes() =>
        Assert.Equal(
            new TieOutResult("Operating income is revenues less costs", "operatingIncome", 5_042_863_000m, 5_042_863_000m, 0m, TieOut.Pass, []),
            TieOut.Evaluate(Income, new Dictionary<string, decimal> { ["revenues"] = 76_690_090_000m, ["costs"] = 71_647_227_000m, ["operatingIncome"] = 5_042_863_000m }).Single(),
            new TieOutComparer());

    [Fact]
    public void A_total_that_does_not_foot_fails_with_the_difference()
    {
        var result = TieOut.Evaluate(Income, new Dictionary<string, decimal> { ["revenues"] = 100m, ["costs"] = 30m, ["operatingIncome"] = 71m }).Single();

        Assert.Equal((TieOut.Fail, 70m, 71m, 1m), (result.Status, result.Expected, result.Actual, result.Difference));
    }

    [Fact]
    public void A_check_with_lines_missing_is_incomplete_and_names_them()
    {
        var result = TieOut.Evaluate(Income, new Dictionary<string, decimal> { ["revenues"] = 100m, ["operatingIncome"] = 71m }).Single();

        Assert.Equal(TieOut.Incomplete, result.Status);
        Assert.Equal(["costs"], result.MissingLines);
    }

    private sealed class TieOutComparer : IEqualityComparer<TieOutResult>
    {
        public bool Equals(TieOutResult? x, TieOutResult? y) =>
            x is not null && y is not null && x with { MissingLines = [] } == y with { MissingLines = [] } && x.MissingLines.SequenceEqual(y.MissingLines);
        public int GetHashCode(TieOutResult obj) => obj.Name.GetHashCode();
    }
}
