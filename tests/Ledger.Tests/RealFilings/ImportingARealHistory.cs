using System.Net;
using Ledger.Api.Facts;
using Ledger.Api.Reading;
using Ledger.Api.Imports;
using Ledger.Tests.Infrastructure;

namespace Ledger.Tests.RealFilings;

/// <summary>Tesla's whole published history imported through the endpoint and the command: every filing accounted for.</summary>
[Collection(LedgerApiCollection.Name)]
public sealed class ImportingARealHistory(LedgerApi api)
{
    [Fact]
    public async Task Through_the_endpoint_every_filing_is_recorded_in_filing_order_titled_from_form_and_fiscal_period()
    {
        var result = await TeslaHistory.GivenImportedAsync(api);

        Assert.Equal((50, 50, 0, 0, 17_718), (result.Filings, result.Recorded, result.AlreadyRecorded, result.Refused, result.FactsRead));
        Assert.Equal(("0001193125-11-221497", "10-Q Q2 2011", "2011-08-12"), (result.Results[0].FilingId, result.Results[0].Title, result.Results[0].KnownFrom));
        Assert.Equal(("0000950170-22-019867", "10-Q Q3 2022"), (result.Results[^1].FilingId, result.Results[^1].Title));
        Assert.Equal(result.Results.Select(r => r.KnownFrom).Order(StringComparer.Ordinal), result.Results.Select(r => r.KnownFrom));
        Assert.Equal(17_718, result.Results.Sum(r => r.Reported + r.Confirmed + r.Restated));
        Assert.Equal(342, result.Results.Sum(r => r.Restated));
    }

    [Fact]
    public async Task A_re_import_through_the_endpoint_appends_nothing_and_answers_already_recorded()
    {
        await TeslaHistory.GivenImportedAsync(api);
        var events = await api.EventCountAsync();

        var (status, again) = await TeslaHistory.PostCompanyFactsAsync(api, "TSLA");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((50, 0, 50, 0), (again.Filings, again.Recorded, again.AlreadyRecorded, again.Refused));
        Assert.Equal(events, await api.EventCountAsync());
    }

    [Fact]
    public async Task Each_fact_keeps_its_provenance_and_says_its_decimals_were_inferred()
    {
        await TeslaHistory.GivenImportedAsync(api);

        var facts = await api.GetAsync<FactsAnswer>("/api/entities/TSLA/facts?asOf=2021-10-25&concept=EarningsPerShareBasic&period=2020-07-01/2020-09-30&basis=as-reported");

        // The third quarter of 2020 as the 10-Q of a year later repeated it: the latest publication, with the frame EDGAR gave it.
        var eps = Assert.Single(facts.Facts);
        Assert.Equal((0.32m, 2, "USD/shares"), (eps.Value, eps.Decimals, eps.Unit));
        Assert.Equal("10-Q Q3 2021 (accession 0000950170-21-002253, frame CY2020Q3)", eps.Source);
        Assert.Equal(("confirmed", "0000950170-21-002253"), (eps.Cause, eps.CausedBy));
        Assert.Equal("decimals inferred from the digits written: companyfacts carries no precision", eps.Note);
    }
}

/// <summary>The same history through the command line, and the fidelity of what was recorded.</summary>
[Collection(LedgerApiCollection.Name)]
public sealed class ImportingARealHistoryFromTheCommandLine(LedgerApi api)
{
    [Fact]
    public async Task The_import_command_records_the_whole_history_and_a_second_run_appends_nothing()
    {
        await TeslaHistory.GivenItsSplitsAsync(api, "TSLA-CMD");
        var (before, lineItemEventsBefore) = (await api.EventCountAsync(), await LineItemEventsAsync());

        var (exit, output) = await ServiceProcess.CommandAsync(api.ConnectionString, null,
            "import", "edgar", "--file", TeslaHistory.CompanyFacts, "--entity", "TSLA-CMD");
        var afterFirst = await api.EventCountAsync();
        var lineItemEvents = await LineItemEventsAsync() - lineItemEventsBefore;
        var (exitAgain, outputAgain) = await ServiceProcess.CommandAsync(api.ConnectionString, null,
            "import", "edgar", "--file", TeslaHistory.CompanyFacts, "--entity", "TSLA-CMD");

        Assert.True(exit == 0, output);
        Assert.Contains("TSLA-CMD: 50 filings, 50 recorded, 0 already recorded (nothing appended), 0 refused; 17718 facts read", output);
        // One line-item event per fact. Stored: a filing's record, one event holding its first reports and confirmations,
        // and one per restatement (the endpoint's import of the same history counts 342 restated).
        Assert.Equal(17_718, lineItemEvents);
        Assert.Equal(50 + 50 + 342, afterFirst - before);
        Assert.True(exitAgain == 0, outputAgain);
        Assert.Contains("TSLA-CMD: 50 filings, 0 recorded, 50 already recorded (nothing appended), 0 refused", outputAgain);
        Assert.Equal(afterFirst, await api.EventCountAsync());
    }

    [Fact]
    public async Task A_malformed_filing_is_refused_by_name_and_nothing_of_it_is_recorded_while_the_others_are()
    {
        // Tesla's first three filings (two 10-Qs and the 2011 10-K); the 10-K's first revenue entry loses its value.
        var document = TeslaHistory.FirstFilings(3);
        var revenues = document["facts"]!["us-gaap"]!["Revenues"]!["units"]!["USD"]!.AsArray();
        var broken = revenues.First(e => (string)e!["accn"]! == "0001193125-12-081990")!.AsObject();
        broken.Remove("val");
        using var body = new StringContent(document.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        var response = await api.Client.PostAsync("/api/entities/TSLA-BAD/imports/edgar-companyfacts", body);
        var result = System.Text.Json.JsonSerializer.Deserialize<ImportResult>(await response.Content.ReadAsStringAsync(), LedgerApi.Json)!;

        Assert.Equal((2, 1), (result.Recorded, result.Refused));
        var refused = result.Results.Single(r => r.Outcome == ImportedFilingResult.Refused);
        Assert.Equal(("0001193125-12-081990", "validation"), (refused.FilingId, refused.Code));
        // No value, hence no precision to infer either: both named, on the fact itself.
        Assert.Equal(["required", "required"], refused.Errors!.Select(e => e.Code));
        Assert.All(refused.Errors!, e => Assert.StartsWith($"Revenues {broken["start"]}/{broken["end"]} (10-K FY 2011 (accession 0001193125-12-081990", e.Message));
        Assert.Contains("accession 0001193125-12-081990 was refused, nothing of it recorded", refused.Detail);
        var facts = await api.GetAsync<Ledger.Api.Facts.FactsAnswer>("/api/entities/TSLA-BAD/facts?asOf=2012-03-01");
        Assert.NotEmpty(facts.Facts);
        Assert.DoesNotContain(facts.Facts, f => f.CausedBy == "0001193125-12-081990");
        Assert.Equal(404, (int)(await api.Client.GetAsync("/api/entities/TSLA-BAD/filings/0001193125-12-081990")).StatusCode);
    }

    [Fact]
    public async Task A_document_that_is_not_companyfacts_is_a_problem_naming_what_is_missing_and_appends_nothing()
    {
        var events = await api.EventCountAsync();

        using var body = new StringContent("""{"cik": 1318605, "entityName": "Tesla, Inc."}""", System.Text.Encoding.UTF8, "application/json");
        var response = await api.Client.PostAsync("/api/entities/TSLA-BAD2/imports/edgar-companyfacts", body);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal([("facts", "import_malformed")], problem.Errors.Select(e => (e.Field, e.Code)));
        Assert.Equal(events, await api.EventCountAsync());
    }

    [Fact]
    public async Task Fidelity_as_of_each_filings_date_every_fact_it_published_reads_back_as_published()
    {
        await TeslaHistory.GivenImportedAsync(api);
        var published = TeslaHistory.Published();

        foreach (var day in published.GroupBy(p => p.Filed).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var answer = await api.GetAsync<Ledger.Api.Facts.FactsAnswer>($"/api/entities/TSLA/facts?asOf={day.Key}&basis=as-reported");
            var shown = answer.Facts.ToDictionary(f => (f.Concept, f.Period));
            // Where one day has two filings with the same line, either may stand.
            foreach (var line in day.GroupBy(p => (p.Concept, p.Period)))
            {
                Assert.True(shown.TryGetValue(line.Key, out var fact), $"{line.Key} missing as of {day.Key}");
                Assert.True(line.Any(p => p.Value == fact.Value && p.Unit == fact.Unit),
                    $"{line.Key} as of {day.Key}: shows {fact.Value} {fact.Unit}, published {string.Join(", ", line.Select(p => $"{p.Value} {p.Unit} ({p.Accession})"))}");
                Assert.Contains(fact.CausedBy, line.Select(p => p.Accession));
            }
        }
    }

    private Task<long> LineItemEventsAsync() =>
        new Operator(api.Client, api.ConnectionString).ScalarAsync($"select count(*) from {Ledger.Projections.LineItems.LineItemLog.LogTable}");
}
