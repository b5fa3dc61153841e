using Ledger.Domain.Imports;
using Ledger.Domain.LineItems;
using Ledger.Domain.ShareBasis;
using Ledger.Domain.Values;

namespace Ledger.Tests.Domain;

/// <summary>
/// The rules real filings need, on Tesla's published figures (tests/Ledger.Tests/RealFilings/Data): open units,
/// which concepts a split adjusts, consistency at published precision, and publications kept as confirmations.
/// </summary>
public sealed class ApplyingRealDataRules
{
    private static readonly DateTimeOffset Feb13_2020 = At("2020-02-13");
    private static readonly DateTimeOffset Feb08_2021 = At("2021-02-08");
    // Tesla's 5-for-1 split: announced 11 August 2020, effective 31 August 2020.
    private static readonly ShareSplit FiveForOne = ShareSplit.Of(
        new ShareBasisChanged("TSLA", "split-2020", 1, 5, new DateOnly(2020, 8, 31), At("2020-08-11"), "hash"), DateTimeOffset.MinValue);
    // Tesla's 3-for-1 split: announced 5 August 2022, effective 25 August 2022.
    private static readonly ShareSplit ThreeForOne = ShareSplit.Of(
        new ShareBasisChanged("TSLA", "split-2022", 1, 3, new DateOnly(2022, 8, 25), At("2022-08-05"), "hash"), DateTimeOffset.MinValue);

    private static DateTimeOffset At(string date) => KnownTime.StartOf(DateOnly.Parse(date));

    private static ReportedFact Fact(string concept, string period, decimal value, string unit, DateTimeOffset knownFrom, ShareBasisPolicy? policy = null)
    {
        var rejections = new Rejections();
        var fact = FactRules.Parse("TSLA", new FactInput(concept, period, Value: value, Unit: unit, Decimals: WrittenPrecision.Of(value), Source: "s"),
            knownFrom, "", rejections, policy);
        Assert.False(rejections.Any, string.Join("; ", rejections.All.Select(r => $"{r.Field} {r.Code}")));
        return fact!;
    }

    [Theory]
    [InlineData("USD", UnitKind.Monetary)]
    [InlineData("iso4217:USD", UnitKind.Monetary)]
    [InlineData("shares", UnitKind.Shares)]
    [InlineData("xbrli:shares", UnitKind.Shares)]
    [InlineData("USD/shares", UnitKind.PerShare)]
    [InlineData("iso4217:USD/xbrli:shares", UnitKind.PerShare)]
    [InlineData("JPY/share", UnitKind.PerShare)]
    [InlineData("pure", UnitKind.Pure)]
    [InlineData("sqft", UnitKind.Other)]
    [InlineData("D", UnitKind.Other)]
    [InlineData("Segment", UnitKind.Other)]
    [InlineData("USD/PartnershipUnit", UnitKind.Other)]
    [InlineData("USD/shares_unit", UnitKind.Other)]
    public void Units_are_xbrls_open_vocabulary_and_only_share_denominated_ones_have_a_share_basis(string code, UnitKind kind)
    {
        var unit = Unit.Parse(code);

        Assert.Equal(kind, unit.Kind);
        Assert.Equal(kind is UnitKind.Shares or UnitKind.PerShare, unit.HasShareBasis);
    }

    [Theory]
    [InlineData("USD//shares")]
    [InlineData("1USD")]
    [InlineData("USD per share")]
    [InlineData("")]
    public void A_unit_that_is_not_a_measure_or_a_ratio_of_measures_is_refused(string code) =>
        Assert.False(Unit.TryParse(code, out _));

    [Fact]
    public void A_split_adjusts_earnings_per_share_and_share_counts_but_not_the_par_value_per_share()
    {
        var eps = Fact("EarningsPerShareBasic", "2019-01-01/2019-12-31", -4.92m, "USD/shares", Feb13_2020);
        var shares = Fact("dei:EntityCommonStockSharesOutstanding", "2020-02-07", 181_341_586m, "shares", Feb13_2020);
        var par = Fact("CommonStockParOrStatedValuePerShare", "2019-12-31", 0.001m, "USD/shares", Feb13_2020);

        AdjustedValue AfterTheSplit(ReportedFact f) => ShareBasisAdjustment.Restate(f.Figure.Value, f.Figure.Decimals, Unit.Parse(f.Figure.Unit),
            f.Figure.ShareBasisDate, [FiveForOne], Feb08_2021, DateTimeOffset.MaxValue);

        Assert.Equal(-0.984m, AfterTheSplit(eps).Value);
        Assert.Equal(906_707_930m, AfterTheSplit(shares).Value);
        Assert.Null(par.Figure.ShareBasisDate);
        Assert.Equal(0.001m, AfterTheSplit(par).Value);
    }

    [Fact]
    public void Which_concepts_a_split_leaves_alone_is_a_documented_list_that_configuration_extends()
    {
        var policy = new ShareBasisPolicy(["us-gaap:SaleOfStockPricePerShare"]);

        Assert.Contains("CommonStockParOrStatedValuePerShare", ShareBasisPolicy.DefaultNotAdjusted);
        Assert.False(policy.Adjusts("SaleOfStockPricePerShare", Unit.Parse("USD/shares")));
        Assert.True(ShareBasisPolicy.Default.Adjusts("SaleOfStockPricePerShare", Unit.Parse("USD/shares")));
        Assert.Null(Fact("SaleOfStockPricePerShare", "2019-05-02", 243m, "USD/shares", Feb13_2020, policy).Figure.ShareBasisDate);
    }

    [Theory]
    [InlineData(0.634, 3, 0.63, 2, true)]      // 3.17 after a 5-for-1 split, and a later filing's 0.63
    [InlineData(-0.984, 3, -0.98, 2, true)]    // Tesla's 2019 basic EPS, -4.92 ÷ 5, and the 2020 10-K's comparative
    [InlineData(882_751_000, -3, 882_800_000, -5, true)] // contract liabilities at 2018-12-31, thousands then hundred thousands
    [InlineData(0.634, 3, 0.64, 2, false)]
    [InlineData(2_310_011_000, -3, 2_145_749_000, -3, false)] // 2014 cost of goods sold, restated in the 2015 10-K
    public void Two_figures_agree_when_equal_at_the_coarser_of_their_precisions(double a, int aDecimals, double b, int bDecimals, bool agree) =>
        Assert.Equal(agree, Consistency.Agree((decimal)a, aDecimals, (decimal)b, bDecimals));

    [Fact]
    public void After_a_split_a_comparative_equal_within_rounding_confirms_and_is_shown_as_the_latest_publication()
    {
        var reported = ReportLineItem.Decide(null, Fact("EarningsPerShareBasic", "2019-01-01/2019-12-31", -4.92m, "USD/shares", Feb13_2020), "0001564590-20-004475", Feb13_2020);
        var state = LineItem.Replay([reported])!;

        var @event = ReportLineItem.Decide(state, Fact("EarningsPerShareBasic", "2019-01-01/2019-12-31", -0.98m, "USD/shares", Feb08_2021),
            "0001564590-21-004599", Feb08_2021, [FiveForOne]);

        var confirmed = Assert.IsType<LineItemConfirmed>(@event);
        var latest = LineItem.Evolve(state, confirmed)!.InEffectAt(Feb08_2021)!;
        Assert.Equal((VersionCause.Confirmed, -0.98m, 2, new DateOnly(2021, 2, 8)),
            (latest.Cause, latest.Figure.Value, latest.Figure.Decimals, latest.Figure.ShareBasisDate));
    }

    // Share counts written in millions with a further zero read as ten millions (decimals -7). Moved onto the later
    // basis they keep those places, so the later filing's count agrees at that precision: a repeat, not a restatement.
    [Theory]
    [InlineData("WeightedAverageNumberOfDilutedSharesOutstanding", "2021-01-01/2021-09-30", 1_130_000_000, "2021-10-25", 3_391_000_000, "2022-10-24")]
    [InlineData("IncrementalCommonSharesAttributableToCallOptionsAndWarrants", "2021-01-01/2021-09-30", 40_000_000, "2021-10-25", 121_000_000, "2022-10-24")]
    [InlineData("IncrementalCommonSharesAttributableToShareBasedPaymentArrangements", "2020-04-01/2020-06-30", 10_000_000, "2020-07-28", 53_000_000, "2021-07-27")]
    public void After_a_split_a_share_count_in_millions_confirms_when_equal_at_its_own_coarse_precision(
        string concept, string period, long before, string firstFiled, long after, string laterFiled)
    {
        var reported = ReportLineItem.Decide(null, Fact(concept, period, before, "shares", At(firstFiled)), "first", At(firstFiled));

        var @event = ReportLineItem.Decide(LineItem.Replay([reported]), Fact(concept, period, after, "shares", At(laterFiled)),
            "later", At(laterFiled), [FiveForOne, ThreeForOne]);

        Assert.Equal(1, Assert.IsType<LineItemConfirmed>(@event).ConfirmedVersion);
    }

    [Fact]
    public void An_amendment_that_repeats_a_value_confirms_it()
    {
        var tenK = ReportLineItem.Decide(null, Fact("dei:EntityPublicFloat", "2019-06-30", 31_540_000_000m, "USD", Feb13_2020), "0001564590-20-004475", Feb13_2020);

        var tenKA = ReportLineItem.Decide(LineItem.Replay([tenK]), Fact("dei:EntityPublicFloat", "2019-06-30", 31_540_000_000m, "USD", At("2020-04-28")),
            "0001564590-20-018984", At("2020-04-28"));

        Assert.Equal(1, Assert.IsType<LineItemConfirmed>(tenKA).ConfirmedVersion);
    }

    [Fact]
    public void A_changed_figure_is_a_restatement_of_the_latest_publication()
    {
        var first = ReportLineItem.Decide(null, Fact("CostOfGoodsSold", "2014-01-01/2014-12-31", 2_310_011_000m, "USD", At("2015-02-26")), "0001564590-15-001031", At("2015-02-26"));

        var second = ReportLineItem.Decide(LineItem.Replay([first]), Fact("CostOfGoodsSold", "2014-01-01/2014-12-31", 2_145_749_000m, "USD", At("2016-02-24")),
            "0001564590-16-013195", At("2016-02-24"));

        var restated = Assert.IsType<LineItemRestated>(second);
        Assert.Equal((1, 2_310_011_000m, 2_145_749_000m), (restated.Supersedes, restated.Previous.Value, restated.Figure.Value));
    }

    [Theory]
    [InlineData(7.54, 2)]
    [InlineData(882_751_000, -3)]
    [InlineData(882_800_000, -5)]
    [InlineData(0, 0)]
    [InlineData(104_018_274, 0)]
    public void Decimals_are_inferred_from_the_digits_written(double value, int decimals) =>
        Assert.Equal(decimals, WrittenPrecision.Of(decimal.Parse(value.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture)));
}

/// <summary>The ledger's mapping to and from xBRL-JSON (OIM) periods, units and concepts.</summary>
public sealed class MappingXbrlJson
{
    [Theory]
    [InlineData("2012-04-01/2012-12-31", "2012-04-01T00:00:00/2013-01-01T00:00:00")]
    [InlineData("2020-09-30", "2020-10-01T00:00:00")]
    public void A_period_ends_at_the_next_days_midnight_and_reads_back(string ledger, string oim)
    {
        Assert.Equal(oim, XbrlJson.PeriodOf(Period.Parse(ledger)));
        Assert.Equal(ledger, XbrlJson.LedgerPeriodOf(oim));
    }

    [Theory]
    [InlineData("USD", "iso4217:USD")]
    [InlineData("shares", "xbrli:shares")]
    [InlineData("USD/shares", "iso4217:USD/xbrli:shares")]
    [InlineData("pure", "xbrli:pure")]
    [InlineData("sqft", "ledger:sqft")]
    public void Units_are_written_as_qnames_and_read_back(string ledger, string oim)
    {
        Assert.Equal(oim, XbrlJson.UnitOf(ledger));
        Assert.Equal(ledger, XbrlJson.LedgerUnitOf(oim));
    }
}
