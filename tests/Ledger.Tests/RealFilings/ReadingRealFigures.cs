using Ledger.Api.Facts;
using Ledger.Api.Reading;
using Ledger.Api.Restatements;
using Ledger.Tests.Infrastructure;

namespace Ledger.Tests.RealFilings;

/// <summary>
/// Tesla's history read back: exact published figures before and after restatements, its two splits applied to
/// per-share figures and share counts but not to the par value, confirmations kept but never sent to subscribers.
/// Expected values are the companyfacts entries themselves.
/// </summary>
[Collection(LedgerApiCollection.Name)]
public sealed class ReadingRealFigures(LedgerApi api) : IAsyncLifetime
{
    public async Task InitializeAsync() => await TeslaHistory.GivenImportedAsync(api);
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<FactView> FactAsync(string concept, string period, string asOf, string basis = "restated") =>
        Assert.Single((await api.GetAsync<FactsAnswer>($"/api/entities/TSLA/facts?asOf={asOf}&concept={concept}&period={period}&basis={basis}")).Facts);

    [Theory]
    [InlineData("2016-02-23", 2_310_011_000)] // as the 2014 10-K published it
    [InlineData("2016-02-24", 2_145_749_000)] // restated by the 2015 10-K
    [InlineData("2017-02-28", 2_145_749_000)]
    [InlineData("2017-03-01", 2_058_344_000)] // restated again by the 2016 10-K
    public async Task Cost_of_goods_sold_for_2014_reads_as_each_filing_left_it(string asOf, long value) =>
        Assert.Equal(value, (await FactAsync("CostOfGoodsSold", "2014-01-01/2014-12-31", asOf)).Value);

    [Fact]
    public async Task A_figure_restated_more_than_once_has_its_whole_history()
    {
        var history = await api.GetAsync<Ledger.Api.Facts.HistoryAnswer>("/api/entities/TSLA/facts/CostOfGoodsSold/history?period=2014-01-01/2014-12-31");

        Assert.Equal(
            [
                ("reported", "0001564590-15-001031", 2_310_011_000m, null),
                ("restated", "0001564590-16-013195", 2_145_749_000m, (int?)1),
                ("restated", "0001564590-17-003118", 2_058_344_000m, 2),
            ],
            history.Versions.Select(v => (v.Cause, v.CausedBy, v.Value, v.Supersedes)));
    }

    [Fact]
    public async Task The_count_of_restatements_confirmations_and_first_reports_is_what_the_published_figures_imply()
    {
        var result = await TeslaHistory.GivenImportedAsync(api);

        // Counted independently from the companyfacts entries with the same rules (consistency at the coarser
        // precision, Tesla's splits applied to share-denominated figures other than par values; a count multiplied
        // by a split keeps its decimals, even negative ones).
        Assert.Equal((9_381, 7_995, 342), (result.Results.Sum(r => r.Reported), result.Results.Sum(r => r.Confirmed), result.Results.Sum(r => r.Restated)));
    }

    [Fact]
    public async Task Subscribers_receive_the_restatements_and_splits_but_never_a_confirmation()
    {
        var kinds = new List<string>();
        for (long? after = 0; after is not null;)
        {
            var page = await api.GetAsync<RestatementPage>($"/api/restatements?after={after}&limit=500");
            kinds.AddRange(page.Restatements.Where(r => r.Entity == "TSLA").Select(r => r.Kind));
            after = page.Next;
        }

        Assert.Equal((342, 2), (kinds.Count(k => k == "restated"), kinds.Count(k => k == "split")));
        Assert.Equal(344, kinds.Count);
    }

    [Fact]
    public async Task Earnings_per_share_for_2019_move_onto_the_5_for_1_basis_and_the_next_10_k_confirms_them_within_rounding()
    {
        const string fy2019 = "2019-01-01/2019-12-31";

        var beforeSplit = await FactAsync("EarningsPerShareBasic", fy2019, "2020-08-30");
        var afterSplit = await FactAsync("EarningsPerShareBasic", fy2019, "2020-08-31");
        var afterSplitAsReported = await FactAsync("EarningsPerShareBasic", fy2019, "2020-08-31", "as-reported");
        var tenK2020 = await FactAsync("EarningsPerShareBasic", fy2019, "2021-02-08", "as-reported");
        var history = await api.GetAsync<HistoryAnswer>($"/api/entities/TSLA/facts/EarningsPerShareBasic/history?period={fy2019}");

        Assert.Equal(-4.92m, beforeSplit.Value);
        Assert.Equal((-0.984m, 3), (afterSplit.Value, afterSplit.Decimals));
        Assert.Equal(["TSLA-2020-5-for-1"], afterSplit.AdjustedBySplits);
        Assert.Equal(-4.92m, afterSplitAsReported.Value);
        Assert.Equal((-0.98m, 2, new DateOnly(2021, 2, 8), "confirmed"), (tenK2020.Value, tenK2020.Decimals, tenK2020.ShareBasisDate, tenK2020.Cause));
        // The 3-for-1 split of August 2022 moves the 2022 10-K's -0.98 once more.
        Assert.Equal(["reported", "split", "confirmed", "confirmed", "split"], history.Versions.Select(v => v.Cause));
    }

    [Fact]
    public async Task Shares_outstanding_are_multiplied_by_each_split_and_the_par_value_is_not()
    {
        var shares = await FactAsync("dei:EntityCommonStockSharesOutstanding", "2020-02-07", "2022-08-25");
        var par = await FactAsync("CommonStockParOrStatedValuePerShare", "2019-12-31", "2022-08-25");

        Assert.Equal((2_720_123_790m, 181_341_586m), (shares.Value, shares.ReportedValue));
        Assert.Equal(["TSLA-2020-5-for-1", "TSLA-2022-3-for-1"], shares.AdjustedBySplits);
        Assert.Equal((0.001m, null), (par.Value, par.ShareBasisDate));
        Assert.Empty(par.AdjustedBySplits);
    }

    [Fact]
    public async Task A_10_q_that_prints_a_share_count_on_the_new_basis_is_shown_as_printed_not_as_the_earlier_report()
    {
        const string yearEnd2019 = "2019-12-31";
        var q2 = await FactAsync("CommonStockSharesOutstanding", yearEnd2019, "2020-07-28", "as-reported");
        var restatedBySplit = await FactAsync("CommonStockSharesOutstanding", yearEnd2019, "2020-09-01");
        var q3 = await FactAsync("CommonStockSharesOutstanding", yearEnd2019, "2020-10-26", "as-reported");

        Assert.Equal(181_000_000m, q2.Value);
        Assert.Equal((905_000_000m, 181_000_000m), (restatedBySplit.Value, restatedBySplit.ReportedValue));
        Assert.Equal((905_000_000m, -6, "confirmed", "0001564590-20-047486"), (q3.Value, q3.Decimals, q3.Cause, q3.CausedBy));
    }

    [Fact]
    public async Task An_amendment_that_repeats_the_10_k_confirms_it()
    {
        var amended = await FactAsync("dei:EntityPublicFloat", "2019-06-30", "2020-04-28", "as-reported");

        Assert.Equal((31_540_000_000m, "confirmed", "0001564590-20-018984"), (amended.Value, amended.Cause, amended.CausedBy));
        Assert.StartsWith("10-K/A FY 2019", amended.Source);
    }
}
