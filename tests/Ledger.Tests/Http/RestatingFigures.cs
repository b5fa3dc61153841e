using System.Net;
using System.Net.Http.Json;
using Ledger.Api.Facts;
using Ledger.Api.Reading;
using Ledger.Api.Restatements;
using Ledger.Tests.Infrastructure;
using Npgsql;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Http;

/// <summary>Share-basis changes and revisions through the public API, on a real PostgreSQL.</summary>
[Collection(LedgerApiCollection.Name)]
public sealed class RestatingFigures(LedgerApi api)
{
    private const string Fy2011 = "2011-04-01/2012-03-31";

    private async Task<FactView?> DividendAsync(string entity, string query) =>
        (await api.GetAsync<FactsAnswer>($"/api/entities/{entity}/facts?concept=CommonStockDividendsPerShareDeclared&period={Fy2011}&{query}")).Facts.SingleOrDefault();

    private async Task<FactView?> SharesAsync(string entity, string query) =>
        (await api.GetAsync<FactsAnswer>($"/api/entities/{entity}/facts?concept=CommonStockSharesOutstanding&{query}")).Facts.SingleOrDefault();

    [Fact]
    public async Task A_split_restates_earlier_per_share_figures_once_known_and_effective_while_as_reported_keeps_the_published_value()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("FY2011", "2012-05-15", DividendPerShare(1_750.00m)));
        var created = await api.PostSplitAsync(entity, Split("S-1", 1, 200, effectiveOn: "2012-10-01", knownFrom: "2012-10-01"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(1_750.00m, (await DividendAsync(entity, "asOf=2012-09-30"))!.Value);
        var restated = (await DividendAsync(entity, "asOf=2012-10-01"))!;
        Assert.Equal((8.75m, true, new DateOnly(2012, 10, 1)), (restated.Value, restated.Restated, restated.ShareBasisDate));
        Assert.Equal(["S-1"], restated.AdjustedBySplits);
        Assert.Equal(1_750.00m, (await DividendAsync(entity, "asOf=2012-10-01&basis=as-reported"))!.Value);
    }

    [Fact]
    public async Task A_split_announced_before_it_is_effective_changes_nothing_until_its_effective_date()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("FY2011", "2012-05-15", DividendPerShare(1_750.00m)));
        await api.PostSplitAsync(entity, Split("S-1", 1, 200, effectiveOn: "2012-10-01", knownFrom: "2012-08-01"));

        Assert.Equal(1_750.00m, (await DividendAsync(entity, "asOf=2012-09-30"))!.Value);
        Assert.Equal(8.75m, (await DividendAsync(entity, "asOf=2012-10-01"))!.Value);
    }

    [Fact]
    public async Task Two_splits_in_a_row_compose_and_share_counts_multiply()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("FY2011", "2012-05-15", DividendPerShare(1_200.00m), SharesOutstanding(206_478m)));
        await api.PostSplitAsync(entity, Split("S-1", 1, 2, effectiveOn: "2012-10-01", knownFrom: "2012-10-01"));
        await api.PostSplitAsync(entity, Split("S-2", 1, 3, effectiveOn: "2013-04-01", knownFrom: "2013-04-01"));

        Assert.Equal(600.00m, (await DividendAsync(entity, "asOf=2013-03-31"))!.Value);
        var both = (await DividendAsync(entity, "asOf=2013-04-01"))!;
        Assert.Equal(200.00m, both.Value);
        Assert.Equal(["S-1", "S-2"], both.AdjustedBySplits);
        Assert.Equal(1_238_868m, (await SharesAsync(entity, "asOf=2013-04-01"))!.Value);
    }

    [Fact]
    public async Task A_consolidation_multiplies_per_share_figures_and_divides_share_counts()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("FY2011", "2012-05-15", DividendPerShare(8.75m), SharesOutstanding(41_295_600m)));
        await api.PostSplitAsync(entity, Split("C-1", 10, 1, effectiveOn: "2012-10-01", knownFrom: "2012-10-01"));

        Assert.Equal(87.50m, (await DividendAsync(entity, "asOf=2012-10-01"))!.Value);
        Assert.Equal(4_129_560m, (await SharesAsync(entity, "asOf=2012-10-01"))!.Value);
    }

    [Fact]
    public async Task A_late_filing_on_the_old_basis_is_adjusted_and_one_on_the_new_basis_is_never_adjusted_twice()
    {
        var entity = NewEntity();
        await api.PostSplitAsync(entity, Split("S-1", 1, 200, effectiveOn: "2012-10-01", knownFrom: "2012-10-01"));
        // Published after the split, but expressed on the pre-split basis, like the document's TSE summary.
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08",
            DividendPerShare(1_750.00m, shareBasisDate: "2012-09-30", period: "2012-04-01/2013-03-31"),
            SharesOutstanding(41_295_600m, period: "2012-12-31")));

        var dividend = (await api.GetAsync<FactsAnswer>($"/api/entities/{entity}/facts?concept=CommonStockDividendsPerShareDeclared&asOf=2013-02-08")).Facts.Single();
        Assert.Equal((8.75m, 1_750.00m), (dividend.Value, dividend.ReportedValue));
        Assert.Equal(41_295_600m, (await SharesAsync(entity, "asOf=2013-02-08"))!.Value);
    }

    [Fact]
    public async Task The_same_split_twice_is_answered_as_the_first_time_and_a_different_one_under_its_id_is_a_conflict()
    {
        var entity = NewEntity();
        await api.PostSplitAsync(entity, Split("S-1", 1, 200, "2012-10-01", "2012-10-01"));

        Assert.Equal(HttpStatusCode.OK, (await api.PostSplitAsync(entity, Split("S-1", 1, 200, "2012-10-01", "2012-10-01"))).StatusCode);
        var conflict = await Problem.ReadAsync(await api.PostSplitAsync(entity, Split("S-1", 1, 100, "2012-10-01", "2012-10-01")), HttpStatusCode.Conflict);
        Assert.Equal("exists_with_different_content", conflict.Code);
    }

    [Fact]
    public async Task A_split_with_a_ratio_that_changes_nothing_is_refused()
    {
        var problem = await Problem.ReadAsync(await api.PostSplitAsync(NewEntity(), Split("S-1", 5, 5, "2012-10-01", "2012-10-01")), HttpStatusCode.BadRequest);

        Assert.Equal(("to", "ratio_invalid"), (problem.Errors.Single().Field, problem.Errors.Single().Code));
    }

    [Fact]
    public async Task A_revision_changes_the_value_from_its_known_time_and_history_reads_reported_split_revised()
    {
        var entity = NewEntity();
        var forecast = DividendPerShare(1_750.00m, period: "2012-04-01/2013-03-31") with { Nature = "forecast" };
        await api.PostFilingAsync(entity, Filing("Plan", "2012-05-15", forecast));
        await api.PostSplitAsync(entity, Split("S-1", 1, 200, "2012-10-01", "2012-10-01"));

        var revised = await api.PostRevisionAsync(entity, Revision("R-1", forecast with { Value = 10.00m, Source = "Revision of FY2012 Year-end Dividend Forecast" },
            knownFrom: "2013-02-08", reason: "Forecast raised along with the increase in income", expectedVersion: 1));

        Assert.Equal(HttpStatusCode.Created, revised.StatusCode);
        var history = await api.GetAsync<HistoryAnswer>(
            $"/api/entities/{entity}/facts/CommonStockDividendsPerShareDeclared/history?period=2012-04-01/2013-03-31&nature=forecast");
        Assert.Equal(
            [("reported", 1_750.00m), ("split", 8.75m), ("revised", 10.00m)],
            history.Versions.Select(v => (v.Cause, v.Value)));
        Assert.Equal("Forecast raised along with the increase in income", history.Versions[2].Reason);
        // Asked as of a time: the split's basis before the revision is known, the revised figure from its known time on.
        Assert.Equal((8.75m, 1_750.00m), await ForecastAsync(entity, "asOf=2013-02-07"));
        Assert.Equal((10.00m, 10.00m), await ForecastAsync(entity, "asOf=2013-02-08"));
        Assert.Equal((1_750.00m, 1_750.00m), await ForecastAsync(entity, "asOf=2012-09-30"));
    }

    private async Task<(decimal Value, decimal? Reported)> ForecastAsync(string entity, string query)
    {
        var fact = (await api.GetAsync<FactsAnswer>(
            $"/api/entities/{entity}/facts?concept=CommonStockDividendsPerShareDeclared&nature=forecast&period=2012-04-01/2013-03-31&{query}")).Facts.Single();
        return (fact.Value, fact.ReportedValue);
    }

    [Fact]
    public async Task A_revision_expecting_an_old_version_is_refused_with_409_and_appends_nothing()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(1_000_000m)));
        await api.PostRevisionAsync(entity, Revision("R-1", Revenue(1_100_000m), "2013-03-01", "error correction", expectedVersion: 1));
        var events = await api.EventCountAsync();

        var stale = await api.PostRevisionAsync(entity, Revision("R-2", Revenue(1_200_000m), "2013-03-02", "error correction", expectedVersion: 1));

        var problem = await Problem.ReadAsync(stale, HttpStatusCode.Conflict);
        Assert.Equal("expected_version_mismatch", problem.Code);
        Assert.Equal(events, await api.EventCountAsync());
    }

    [Fact]
    public async Task Of_two_concurrent_revisions_of_one_line_item_exactly_one_wins()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(1_000_000m)));

        var responses = await Task.WhenAll(Enumerable.Range(1, 8).Select(i =>
            api.PostRevisionAsync(entity, Revision($"R-{i}", Revenue(1_000_000m + i * 1000m), "2013-03-01", "race", expectedVersion: 1))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var history = await api.GetAsync<HistoryAnswer>($"/api/entities/{entity}/facts/Revenues/history?period=2012-04-01/2012-12-31");
        Assert.Equal(2, history.StreamVersion);
    }

    [Fact]
    public async Task A_revision_id_reused_with_other_content_is_a_conflict_and_appends_nothing()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(1_000_000m)));
        await api.PostRevisionAsync(entity, Revision("R-1", Revenue(1_100_000m), "2013-03-01", "error correction"));
        var events = await api.EventCountAsync();

        var reused = await api.PostRevisionAsync(entity, Revision("R-1", Revenue(1_200_000m), "2013-03-01", "error correction"));

        Assert.Equal("exists_with_different_content", (await Problem.ReadAsync(reused, HttpStatusCode.Conflict)).Code);
        Assert.Equal(events, await api.EventCountAsync());
        Assert.Equal(1_100_000m, (await api.GetAsync<FactsAnswer>($"/api/entities/{entity}/facts?concept=Revenues&asOf=2013-03-01")).Facts.Single().Value);
    }

    /// <summary>
    /// Two revisions decided on the same version of a line item: a lock held on the event table keeps both from
    /// appending until both have read, so they meet at commit. One wins; the other is 409 concurrent_change and
    /// leaves nothing behind; retried with its id, it is decided again on what the winner wrote.
    /// </summary>
    [Fact]
    public async Task Two_revisions_decided_on_the_same_version_meet_at_commit_and_the_loser_gets_concurrent_change_and_appends_nothing()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(1_000_000m)));
        var events = await api.EventCountAsync();
        HttpResponseMessage[] responses;
        await using (var holder = new NpgsqlConnection(api.ConnectionString))
        {
            await holder.OpenAsync();
            await using var hold = await holder.BeginTransactionAsync();
            await using (var lockEvents = new NpgsqlCommand("lock table ledger.mt_events in share mode", holder, hold)) await lockEvents.ExecuteNonQueryAsync();
            var racing = Enumerable.Range(1, 2)
                .Select(i => api.PostRevisionAsync(entity, Revision($"R-{i}", Revenue(1_000_000m + i * 100_000m), "2013-03-01", "race"))).ToList();
            await Eventually.GetAsync(() => LockWaiters.CountAsync(holder), n => n >= 2, TimeSpan.FromSeconds(30), "both revisions to wait at their append");
            await hold.CommitAsync();
            responses = await Task.WhenAll(racing);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var loser = Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.Conflict) + 1;
        Assert.Equal("concurrent_change", (await Problem.ReadAsync(responses[loser - 1], HttpStatusCode.Conflict)).Code);
        var history = await api.GetAsync<HistoryAnswer>($"/api/entities/{entity}/facts/Revenues/history?period=2012-04-01/2012-12-31");
        Assert.Equal(2, history.StreamVersion);
        var retried = await api.PostRevisionAsync(entity, Revision($"R-{loser}", Revenue(1_000_000m + loser * 100_000m), "2013-03-01", "race"));
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(3, (await api.GetAsync<HistoryAnswer>($"/api/entities/{entity}/facts/Revenues/history?period=2012-04-01/2012-12-31")).StreamVersion);
    }

    [Fact]
    public async Task A_revision_retried_gets_the_original_answer_and_one_of_an_unknown_line_item_is_not_found()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(1_000_000m)));
        var revision = Revision("R-1", Revenue(1_100_000m), "2013-03-01", "error correction");
        var first = await api.PostRevisionAsync(entity, revision);

        var retry = await api.PostRevisionAsync(entity, revision);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        var unknown = await api.PostRevisionAsync(entity, Revision("R-2", OperatingIncome(1_000m), "2013-03-01", "error correction"));
        Assert.Equal("line_item_unknown", (await Problem.ReadAsync(unknown, HttpStatusCode.NotFound)).Code);
    }

    [Fact]
    public async Task The_restatement_log_lists_each_change_with_old_and_new_values_in_position_order()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("FY2011", "2012-05-15", DividendPerShare(1_750.00m), Revenue(1_000_000m, period: Fy2011)));
        var start = await api.LastRestatementPositionAsync();
        await api.PostSplitAsync(entity, Split("S-1", 1, 200, "2012-10-01", "2012-10-01"));
        await api.PostRevisionAsync(entity, Revision("R-1", Revenue(1_100_000m, period: Fy2011), "2013-02-08", "error correction"));

        // The log is served up to the event store's high-water mark, which Marten's daemon advances within moments.
        var mine = await Eventually.GetAsync(
            async () => (await api.GetAsync<RestatementPage>($"/api/restatements?after={start}")).Restatements.Where(r => r.Entity == entity).ToList(),
            r => r.Count >= 2, what: "the split and the revision in the log");
        Assert.Equal(["split", "revised"], mine.Select(r => r.Kind));
        var split = mine[0].Lines.Single();
        Assert.Equal((1_750.00m, 1_750.00m, 8.75m), (split.OldRestated!.Value, split.NewAsReported.Value, split.NewRestated.Value));
        var revision = mine[1].Lines.Single();
        Assert.Equal((1_000_000m, 1_100_000m), (revision.OldAsReported!.Value, revision.NewAsReported.Value));
        Assert.True(mine[0].Position < mine[1].Position);
    }

    [Fact]
    public async Task A_reclassification_moves_an_amount_between_two_line_items_atomically_and_is_one_restatement()
    {
        var entity = NewEntity();
        var period = "2012-04-01/2012-12-31";
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08",
            new("GeneralAndAdministrativeExpense", period, null, null, 4_147_197_000m, "JPY", -3, null, "G&A"),
            new("SellingAndMarketingExpense", period, null, null, 6_030_817_000m, "JPY", -3, null, "S&M")));
        var before = await api.LastRestatementPositionAsync();
        var body = new
        {
            reclassificationId = "RC-1", period, amount = 275_000_000m, knownFrom = "2013-05-14", reason = "Amortization of customer relationships presented in S&M",
            from = new { concept = "GeneralAndAdministrativeExpense" }, to = new { concept = "SellingAndMarketingExpense" },
        };

        var response = await api.Client.PostAsJsonAsync($"/api/entities/{entity}/reclassifications", body, LedgerApi.Json);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var facts = (await api.GetAsync<FactsAnswer>($"/api/entities/{entity}/facts?asOf=2013-05-14")).Facts.ToDictionary(f => f.Concept, f => (f.Value, f.Cause));
        Assert.Equal((3_872_197_000m, "reclassified"), facts["GeneralAndAdministrativeExpense"]);
        Assert.Equal((6_305_817_000m, "reclassified"), facts["SellingAndMarketingExpense"]);
        var logged = (await Eventually.GetAsync(
            async () => (await api.GetAsync<RestatementPage>($"/api/restatements?after={before}")).Restatements.Where(r => r.Entity == entity).ToList(),
            r => r.Count >= 1, what: "the reclassification in the log")).Single();
        Assert.Equal(("reclassified", 2), (logged.Kind, logged.Lines.Count));
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsJsonAsync($"/api/entities/{entity}/reclassifications", body, LedgerApi.Json)).StatusCode);
        var events = await api.EventCountAsync();
        var reused = await api.Client.PostAsJsonAsync($"/api/entities/{entity}/reclassifications", body with { amount = 300_000_000m }, LedgerApi.Json);
        Assert.Equal("exists_with_different_content", (await Problem.ReadAsync(reused, HttpStatusCode.Conflict)).Code);
        Assert.Equal(events, await api.EventCountAsync());
    }

    [Fact]
    public async Task A_reclassification_from_a_line_item_never_reported_is_refused_and_appends_nothing()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(1_000_000m)));
        var events = await api.EventCountAsync();
        var body = new
        {
            reclassificationId = "RC-1", period = "2012-04-01/2012-12-31", amount = 1_000m, knownFrom = "2013-05-14", reason = "r",
            from = new { concept = "CostOfRevenue" }, to = new { concept = "Revenues" },
        };

        var response = await api.Client.PostAsJsonAsync($"/api/entities/{entity}/reclassifications", body, LedgerApi.Json);

        Assert.Equal("line_item_unknown", (await Problem.ReadAsync(response, HttpStatusCode.UnprocessableEntity)).Code);
        Assert.Equal(events, await api.EventCountAsync());
    }
}
