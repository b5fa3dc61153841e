using System.Net;
using System.Net.Http.Json;
using Ledger.Api.Filings;
using Ledger.Tests.Infrastructure;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Http;

[Collection(LedgerApiCollection.Name)]
public sealed class RecordingFilings(LedgerApi api)
{
    [Fact]
    public async Task A_new_filing_is_created_with_one_outcome_per_line_item()
    {
        var entity = NewEntity();

        var response = await api.PostFilingAsync(entity, Filing("F-1", "2013-02-08", Revenue(76_690_090_000m), OperatingIncome(5_042_863_000m)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/entities/{entity}/filings/F-1", response.Headers.Location?.ToString());
        var result = (await response.Content.ReadFromJsonAsync<FilingResult>(LedgerApi.Json))!;
        Assert.Equal(2, result.Reported);
        Assert.All(result.LineItems, l => Assert.Equal(("reported", 1), (l.Outcome, l.Version)));
        Assert.Equal(new DateTimeOffset(2013, 2, 8, 0, 0, 0, TimeSpan.Zero), result.KnownFrom);
    }

    [Fact]
    public async Task Posting_the_same_filing_twice_appends_nothing_and_answers_as_the_first_time()
    {
        var entity = NewEntity();
        var filing = Filing("F-1", "2013-02-08", Revenue(76_690_090_000m));
        var first = await api.PostFilingAsync(entity, filing);
        var eventsAfterFirst = await api.EventCountAsync();

        var second = await api.PostFilingAsync(entity, filing);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(eventsAfterFirst, await api.EventCountAsync());
    }

    [Fact]
    public async Task The_same_content_laid_out_differently_is_the_same_filing()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("F-1", "2013-02-08", Revenue(1_000_000m), OperatingIncome(200_000m)));

        // Other fact order, trailing zeros, and the same day written as an instant.
        var retry = await api.PostFilingAsync(entity, Filing("F-1", "2013-02-08T00:00:00Z", OperatingIncome(200_000.00m), Revenue(1_000_000m)));

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
    }

    [Fact]
    public async Task The_same_filing_id_with_different_content_is_a_conflict_that_appends_nothing()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("F-1", "2013-02-08", Revenue(76_690_090_000m)));
        var events = await api.EventCountAsync();

        var response = await api.PostFilingAsync(entity, Filing("F-1", "2013-02-08", Revenue(76_690_091_000m)));

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("exists_with_different_content", problem.Code);
        Assert.Equal(events, await api.EventCountAsync());
    }

    [Fact]
    public async Task A_malformed_filing_gets_a_problem_naming_each_bad_field_and_appends_nothing()
    {
        var entity = NewEntity();
        var events = await api.EventCountAsync();
        var malformed = new
        {
            filingId = "F-1",
            title = "Malformed",
            knownFrom = "2013-02-08",
            facts = new object[]
            {
                new { concept = "Revenues", period = "2012-12-31/2012-04-01", value = 1000m, unit = "JPY", decimals = -3, source = "s" },
                new { concept = "Revenues", period = "2012-04-01/2012-12-31", unit = "1YEN", decimals = -3, source = "s" },
                new { concept = "OperatingIncomeLoss", period = "2012-04-01/2012-12-31", value = 1000m, unit = "JPY", decimals = -3, shareBasisDate = "2013-02-08", source = "s" },
            },
        };

        var response = await api.PostFilingAsync(entity, malformed);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("validation", problem.Code);
        Assert.Equal(
            [
                ("facts[0].period", "period_end_before_start"),
                ("facts[1].value", "required"),
                ("facts[1].unit", "unit_unknown"),
                ("facts[2].shareBasisDate", "share_basis_not_applicable"),
            ],
            problem.Errors.Select(e => (e.Field, e.Code)));
        Assert.Equal(events, await api.EventCountAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_400_problem_with_a_code_and_appends_nothing()
    {
        var events = await api.EventCountAsync();

        var response = await api.Client.PostAsync($"/api/entities/{NewEntity()}/filings",
            new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal("request_invalid", (await Problem.ReadAsync(response, HttpStatusCode.BadRequest)).Code);
        Assert.Equal(events, await api.EventCountAsync());
    }

    [Fact]
    public async Task A_line_item_twice_in_one_filing_is_refused()
    {
        var response = await api.PostFilingAsync(NewEntity(), Filing("F-1", "2013-02-08", Revenue(1000m), Revenue(2000m)));

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(("facts[1]", "duplicate_line_item"), (problem.Errors.Single().Field, problem.Errors.Single().Code));
    }

    [Fact]
    public async Task Concurrent_retries_of_one_filing_record_it_once_and_never_fail_with_a_server_error()
    {
        var entity = NewEntity();
        var filing = Filing("F-1", "2013-02-08", Revenue(76_690_090_000m), OperatingIncome(5_042_863_000m));

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => api.PostFilingAsync(entity, filing)));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var history = await api.GetAsync<Ledger.Api.Facts.HistoryAnswer>($"/api/entities/{entity}/facts/Revenues/history?period=2012-04-01/2012-12-31");
        Assert.Equal(1, history.StreamVersion);
    }

    [Fact]
    public async Task A_recorded_filing_can_be_read_back()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("F-9", "2013-02-08", Revenue(1000m)));

        var filing = await api.GetAsync<FilingResult>($"/api/entities/{entity}/filings/F-9");

        Assert.Equal(("F-9", 1), (filing.FilingId, filing.Reported));
    }
}
