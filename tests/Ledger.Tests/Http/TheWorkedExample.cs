using Ledger.Api.Facts;
using Ledger.Api.Reading;
using Ledger.Api.Filings;
using Ledger.Api.Statements;
using Ledger.Tests.Infrastructure;

namespace Ledger.Tests.Http;

/// <summary>
/// The IIJ press release of 8 February 2013, loaded through the public API, read back with the exact figures
/// the document prints.
/// </summary>
[Collection(LedgerApiCollection.Name)]
public sealed class TheWorkedExample(LedgerApi api) : IAsyncLifetime
{
    private const string NineMonths2012 = "2012-04-01/2012-12-31";
    private const string Fy2011 = "2011-04-01/2012-03-31";
    private const string Fy2012 = "2012-04-01/2013-03-31";

    public Task InitializeAsync() => api.GivenTheWorkedExampleAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<StatementAnswer> StatementAsync(string statement, string query) =>
        api.GetAsync<StatementAnswer>($"/api/entities/IIJ/statements/{statement}?{query}");

    private static decimal ValueOf(StatementAnswer statement, string key) => statement.Lines.Single(l => l.Key == key).Value;

    [Fact]
    public async Task The_nine_month_income_statement_as_of_its_publication_day_shows_the_published_figures_and_ties()
    {
        var income = await StatementAsync("income", $"period={NineMonths2012}&asOf=2013-02-08");

        var revenues = income.Lines.Single(l => l.Key == "rev.total");
        Assert.Equal((76_690_090_000m, -3, "JPY"), (revenues.Value, revenues.Decimals, revenues.Unit));
        Assert.Equal(5_042_863_000m, ValueOf(income, "operatingIncome"));
        Assert.Equal(3_112_285_000m, ValueOf(income, "netIncomeAttributable"));
        Assert.Equal("Quarterly Consolidated Statements of Income (nine months): Total revenues", revenues.Source);
        // Every check of the template, by name, so a template that loses one fails here.
        Assert.Equal(
            ["rev.networkServices", "rev.systemsIntegration", "rev.total", "cost.total", "costsAndExpenses", "operatingIncome",
             "other.total", "incomeBeforeTax", "netIncome", "netIncomeAttributable"],
            income.Checks.Select(c => c.Total));
        Assert.All(income.Checks, check => Assert.Equal("pass", check.Status));
    }

    [Fact]
    public async Task The_day_before_publication_the_statement_is_a_clear_empty_answer()
    {
        var income = await StatementAsync("income", $"period={NineMonths2012}&asOf=2013-02-07");

        Assert.True(income.Empty);
        Assert.Empty(income.Lines);
        Assert.Contains("No line", income.Message);
    }

    [Fact]
    public async Task The_balance_sheet_balances_on_both_dates()
    {
        foreach (var (date, total) in new[] { ("2012-03-31", 73_493_246_000m), ("2012-12-31", 75_892_130_000m) })
        {
            var balance = await StatementAsync("balance-sheet", $"period={date}&asOf=2013-02-08");

            Assert.Equal(total, ValueOf(balance, "assets"));
            Assert.Equal(
                ["currentAssets", "assets", "currentLiabilities", "liabilities", "iijEquity", "equity", "liabilitiesAndEquity", "assets"],
                balance.Checks.Select(c => c.Total));
            Assert.All(balance.Checks, check => Assert.Equal("pass", check.Status));
        }
    }

    [Fact]
    public async Task The_nine_month_cash_flow_ties_within_the_truncation_of_its_cut_off_cells()
    {
        var cashFlow = await StatementAsync("cash-flow", $"period={NineMonths2012}&asOf=2013-02-08");

        Assert.Equal((13_536_824_000m, 10_648_296_000m), (ValueOf(cashFlow, "cashBeginning"), ValueOf(cashFlow, "cashEnd")));
        var operating = cashFlow.Checks.Single(c => c.Total == "operating");
        Assert.Equal(("consistent", 44_000m), (operating.Status, operating.Difference));
        Assert.StartsWith("Consistent within truncation: 12 cell(s) cut off", operating.Note);
        Assert.Equal("pass", cashFlow.Checks.Single(c => c.Total == "cashEnd").Status);
        Assert.Equal(["operating", "investing", "financing", "netChange", "cashEnd", "inv.acquisition"], cashFlow.Checks.Select(c => c.Total));
        Assert.DoesNotContain(cashFlow.Checks, c => c.Status == "fail");
        var pension = cashFlow.Lines.Single(l => l.Key == "op.pension");
        Assert.Equal((165_260_000m, -4, 165_260_000m, 165_269_000m), (pension.Value, pension.Decimals, pension.Range!.Low, pension.Range.High));
    }

    [Theory]
    [InlineData("2011-04-01/2011-12-31", 9_249_000_000)]
    [InlineData("2012-04-01/2012-12-31", 10_586_000_000)]
    [InlineData("2011-10-01/2011-12-31", 3_376_000_000)]
    [InlineData("2012-10-01/2012-12-31", 3_684_000_000)]
    public async Task Adjusted_EBITDA_reconciles_to_net_income_attributable_to_IIJ(string period, long adjustedEbitda)
    {
        var reconciliation = await StatementAsync("adjusted-ebitda", $"period={period}&asOf=2013-02-08");

        var ebitda = reconciliation.Lines.Single(l => l.Key == "adjustedEbitda");
        Assert.Equal((adjustedEbitda, -6, "iij:AdjustedEbitda"), ((long)ebitda.Value, ebitda.Decimals, ebitda.Concept));
        Assert.Equal(9, reconciliation.Lines.Count);
        Assert.Equal(["operatingIncome", "netIncome", "netIncomeAttributable"], reconciliation.Checks.Select(c => c.Total));
        Assert.All(reconciliation.Checks, check => Assert.Contains(check.Status, new[] { "pass", "consistent" }));
        var operating = reconciliation.Checks.Single(c => c.Total == "operatingIncome");
        Assert.Equal("consistent", operating.Status);
        Assert.StartsWith("Consistent within rounding", operating.Note);
    }

    [Theory]
    [InlineData("2011-10-01/2011-12-31", 10_974_453_000, 2_291_714_000, 10_927_971_000)]
    [InlineData("2012-10-01/2012-12-31", 11_670_450_000, 1_909_534_000, 10_648_296_000)]
    public async Task The_three_month_cash_flow_statement_is_published_and_foots_over_the_lines_it_presents(string period, long beginning, long operating, long end)
    {
        var cashFlow = await StatementAsync("cash-flow", $"period={period}&asOf=2013-02-08");

        Assert.Equal((beginning, operating, end), ((long)ValueOf(cashFlow, "cashBeginning"), (long)ValueOf(cashFlow, "operating"), (long)ValueOf(cashFlow, "cashEnd")));
        foreach (var total in new[] { "operating", "financing", "netChange", "cashEnd" })
            Assert.Equal("pass", cashFlow.Checks.Single(c => c.Total == total).Status);
        // The acquisition note is not presented for three months at all.
        Assert.Equal("incomplete", cashFlow.Checks.Single(c => c.Total == "inv.acquisition").Status);
    }

    [Fact]
    public async Task The_three_month_2011_investing_total_includes_a_row_the_table_does_not_print()
    {
        var cashFlow = await StatementAsync("cash-flow", "period=2011-10-01/2011-12-31&asOf=2013-02-08");

        // The presented rows add up to (1,132,452) against a total of (1,157,099): 24,647 thousand short, the
        // nine-month 2011 "investment in an equity method investee" that the three-month table leaves out.
        var investing = cashFlow.Checks.Single(c => c.Total == "investing");
        Assert.Equal(("incomplete", -24_647_000m), (investing.Status, investing.Difference));
        Assert.Contains("inv.equityMethodInvestment", investing.MissingLines);
        Assert.Equal("pass", cashFlow.Checks.Single(c => c.Total == "netChange").Status);
    }

    [Fact]
    public async Task FY2011_dividends_are_published_pre_split_and_restated_from_the_split_while_as_reported_keeps_them()
    {
        var before = await StatementAsync("dividends", $"period={Fy2011}&asOf=2012-09-30");
        var restated = await StatementAsync("dividends", $"period={Fy2011}&asOf=2012-10-01");
        var asReported = await StatementAsync("dividends", $"period={Fy2011}&asOf=2012-10-01&basis=as-reported");

        Assert.Equal((1_750.00m, 3_250.00m), (ValueOf(before, "yearEnd"), ValueOf(before, "total")));
        Assert.Equal((8.75m, 16.25m), (ValueOf(restated, "yearEnd"), ValueOf(restated, "total")));
        Assert.Equal((1_750.00m, 3_250.00m), (ValueOf(asReported, "yearEnd"), ValueOf(asReported, "total")));
        Assert.True(restated.Lines.Single(l => l.Key == "yearEnd").Restated);
    }

    [Theory]
    [InlineData("as-reported", 1_750.00)]
    [InlineData("restated", 8.75)]
    public async Task The_assumed_FY2012_interim_forecast_says_it_is_derived_on_every_basis(string basis, decimal shown)
    {
        var dividends = await StatementAsync("dividends", $"period={Fy2012}&asOf=2012-10-01&basis={basis}");
        var facts = await api.GetAsync<FactsAnswer>($"/api/entities/IIJ/facts?period={Fy2012}&asOf=2012-10-01&basis={basis}&nature=forecast");

        var interim = dividends.Lines.Single(l => l.Key == "forecast.secondQuarterEnd");
        Assert.Equal((shown, "derived"), (interim.Value, interim.Kind));
        Assert.StartsWith("Assumed, not printed", interim.DerivedFrom);
        Assert.All(facts.Facts, fact => Assert.Equal("derived", fact.Kind));
    }

    [Fact]
    public async Task The_split_adjusted_comparatives_of_2013_confirm_the_dividends_published_in_2012()
    {
        var filing = await api.GetAsync<FilingResult>("/api/entities/IIJ/filings/IIJ-2013-02-08-3Q-FY2012");

        Assert.Equal(3, filing.Confirmed);
        Assert.Equal(0, filing.Restated);
    }

    [Fact]
    public async Task The_FY2012_year_end_forecast_is_8_75_until_the_revision_and_10_00_from_it()
    {
        var before = await StatementAsync("dividends", $"period={Fy2012}&asOf=2013-02-07");
        var after = await StatementAsync("dividends", $"period={Fy2012}&asOf=2013-02-08");

        Assert.Equal(8.75m, ValueOf(before, "forecast.yearEnd"));
        Assert.Equal(10.00m, ValueOf(after, "forecast.yearEnd"));
        Assert.Equal(18.75m, ValueOf(after, "forecast.total"));
        Assert.Equal([("total", "incomplete"), ("forecast.total", "pass"), ("forecast.total", "pass")], after.Checks.Select(c => (c.Total, c.Status)));
    }

    [Fact]
    public async Task Asked_as_recorded_before_the_revision_was_entered_the_dividend_statement_shows_the_forecast_it_replaced()
    {
        var revisionRecorded = await RecordedAtAsync("select min(timestamp) from ledger.mt_events where type = 'line_item_revised' and data->>'lineItemId' like 'IIJ|%'");
        string At(DateTimeOffset recorded) => Uri.EscapeDataString(recorded.ToString("O"));

        var before = await StatementAsync("dividends", $"period={Fy2012}&asOf=2013-02-08&recordedAsOf={At(revisionRecorded.AddTicks(-10))}");
        var from = await StatementAsync("dividends", $"period={Fy2012}&asOf=2013-02-08&recordedAsOf={At(revisionRecorded)}");

        Assert.Equal((8.75m, 10.00m), (ValueOf(before, "forecast.yearEnd"), ValueOf(from, "forecast.yearEnd")));
        Assert.Equal(revisionRecorded.AddTicks(-10), before.ComputedFrom.RecordedAsOf);
    }

    private async Task<DateTimeOffset> RecordedAtAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync())!, TimeSpan.Zero);
    }

    [Fact]
    public async Task As_reported_the_full_year_tie_out_shows_the_documents_1_760_00_and_explains_the_mixed_bases()
    {
        var asReported = await StatementAsync("dividends", $"period={Fy2012}&asOf=2013-02-08&basis=as-reported");

        var check = asReported.Checks.Single(c => c.Name.Contains("2Q-end dividend paid"));
        Assert.Equal(("fail", 1_760.00m, 18.75m), (check.Status, check.Expected, check.Actual));
        Assert.Contains("different share bases", check.Note);
    }

    [Fact]
    public async Task History_of_the_year_end_forecast_reads_reported_then_split_then_revised()
    {
        var history = await api.GetAsync<HistoryAnswer>(
            $"/api/entities/IIJ/facts/CommonStockDividendsPerShareDeclared/history?period={Fy2012}&dimensions=DividendPayment=YearEnd&nature=forecast");

        Assert.Equal(
            [
                ("reported", 1_750.00m, new DateTimeOffset(2012, 5, 15, 0, 0, 0, TimeSpan.Zero)),
                ("split", 8.75m, new DateTimeOffset(2012, 10, 1, 0, 0, 0, TimeSpan.Zero)),
                ("revised", 10.00m, new DateTimeOffset(2013, 2, 8, 0, 0, 0, TimeSpan.Zero)),
            ],
            history.Versions.Select(v => (v.Cause, v.Value, v.KnownFrom)));
        Assert.NotNull(history.Versions[0].DerivedFrom);
    }

    [Fact]
    public async Task Changes_between_the_seventh_and_the_eighth_of_February_list_the_revised_forecast()
    {
        var changes = await api.GetAsync<ChangesAnswer>($"/api/entities/IIJ/statements/dividends/changes?period={Fy2012}&from=2013-02-07&to=2013-02-08");

        var yearEnd = changes.Changes.Single(c => c.Key == "forecast.yearEnd");
        Assert.Equal(("changed", 8.75m, 10.00m), (yearEnd.Change, yearEnd.Before!.Value, yearEnd.After!.Value));
        Assert.Contains(changes.Changes, c => c.Key == "secondQuarterEnd" && c.Change == "added");
    }
}
