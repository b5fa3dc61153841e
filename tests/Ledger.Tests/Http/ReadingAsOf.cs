using System.Net.Http.Json;
using System.Net;
using Ledger.Api.Facts;
using Ledger.Api.Reading;
using Ledger.Tests.Infrastructure;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Http;

/// <summary>The two time axes through the public API: known time (asOf) and recorded time (recordedAsOf).</summary>
[Collection(LedgerApiCollection.Name)]
public sealed class ReadingAsOf(LedgerApi api)
{
    private const string NineMonths = "2012-04-01/2012-12-31";

    private async Task<decimal?> RevenueAsync(string entity, string query)
    {
        var answer = await api.GetAsync<FactsAnswer>($"/api/entities/{entity}/facts?concept=Revenues&period={NineMonths}&{query}");
        return answer.Facts.SingleOrDefault()?.Value;
    }

    [Fact]
    public async Task A_figure_is_unknown_before_its_publication_day_and_known_from_that_day_on()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("F-1", "2013-02-08", Revenue(76_690_090_000m)));

        Assert.Null(await RevenueAsync(entity, "asOf=2013-02-07"));
        Assert.Equal(76_690_090_000m, await RevenueAsync(entity, "asOf=2013-02-08"));
        Assert.Equal(76_690_090_000m, await RevenueAsync(entity, "asOf=2013-02-08T00:00:00Z"));
        Assert.Null(await RevenueAsync(entity, "asOf=2013-02-07T23:59:59.999999Z"));
    }

    [Fact]
    public async Task A_restatement_by_a_later_filing_changes_the_answer_only_from_its_known_time()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(76_690_090_000m)));
        await api.PostFilingAsync(entity, Filing("FY", "2013-05-14", Revenue(76_700_000_000m)));

        Assert.Equal(76_690_090_000m, await RevenueAsync(entity, "asOf=2013-05-13"));
        Assert.Equal(76_700_000_000m, await RevenueAsync(entity, "asOf=2013-05-14"));
    }

    [Fact]
    public async Task Recorded_as_of_answers_what_the_ledger_would_have_said_before_a_later_append()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(76_690_090_000m)));
        var beforeRestatement = await api.DatabaseClockAsync();
        await api.PostFilingAsync(entity, Filing("FY", "2013-05-14", Revenue(76_700_000_000m)));

        var then = await RevenueAsync(entity, $"asOf=2013-06-30&recordedAsOf={Uri.EscapeDataString(beforeRestatement.ToString("O"))}");
        var now = await RevenueAsync(entity, "asOf=2013-06-30");

        Assert.Equal((76_690_090_000m, 76_700_000_000m), (then, now));
    }

    [Fact]
    public async Task An_old_filing_entered_late_is_invisible_to_questions_recorded_before_it_was_entered()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("FY", "2013-05-14", Revenue(76_700_000_000m)));
        var beforeLateEntry = await api.DatabaseClockAsync();
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(76_690_090_000m)));

        Assert.Null(await RevenueAsync(entity, $"asOf=2013-03-01&recordedAsOf={Uri.EscapeDataString(beforeLateEntry.ToString("O"))}"));
        Assert.Equal(76_690_090_000m, await RevenueAsync(entity, "asOf=2013-03-01"));
        Assert.Equal(76_700_000_000m, await RevenueAsync(entity, "asOf=2013-05-14"));
    }

    [Fact]
    public async Task Every_answer_says_what_it_was_computed_from_so_it_can_be_asked_again()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(76_690_090_000m)));

        var first = await api.GetAsync<FactsAnswer>($"/api/entities/{entity}/facts?asOf=2013-02-08");
        await api.PostFilingAsync(entity, Filing("FY", "2013-02-08T12:00:00Z", Revenue(76_700_000_000m)));
        var again = await api.GetAsync<FactsAnswer>(
            $"/api/entities/{entity}/facts?asOf=2013-02-08&recordedAsOf={Uri.EscapeDataString(first.ComputedFrom.RecordedAsOf.ToString("O"))}");

        Assert.Equal(("line-item-versions", 3, "restated"), (first.ComputedFrom.Projection, first.ComputedFrom.ProjectionVersion, first.ComputedFrom.Basis));
        Assert.True(first.ComputedFrom.EventLogPosition > 0);
        Assert.Equal(76_690_090_000m, Assert.Single(first.Facts).Value);
        Assert.Equal(first.Facts.Select(f => (f.LineItemId, f.Value, f.Version)), again.Facts.Select(f => (f.LineItemId, f.Value, f.Version)));
        // Asked again without the pin, the later filing shows: the pin, not chance, kept the first answer.
        var now = await api.GetAsync<FactsAnswer>($"/api/entities/{entity}/facts?asOf=2013-02-08");
        Assert.Equal(76_700_000_000m, Assert.Single(now.Facts).Value);
    }

    [Fact]
    public async Task History_lists_every_version_with_its_cause_interval_and_confirmations()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(76_690_090_000m)));
        await api.PostFilingAsync(entity, Filing("Q3-again", "2013-03-01", Revenue(76_690_090_000m)));
        await api.PostFilingAsync(entity, Filing("FY", "2013-05-14", Revenue(76_700_000_000m)));

        var history = await api.GetAsync<HistoryAnswer>($"/api/entities/{entity}/facts/Revenues/history?period={NineMonths}");

        Assert.Equal(3, history.StreamVersion);
        // Every publication is kept: the repeat is a version of its own (a confirmation), and only the change restates.
        Assert.Collection(history.Versions,
            first =>
            {
                Assert.Equal(("reported", "Q3", 76_690_090_000m), (first.Cause, first.CausedBy, first.Value));
                Assert.Equal(new DateTimeOffset(2013, 3, 1, 0, 0, 0, TimeSpan.Zero), first.KnownTo);
            },
            second =>
            {
                Assert.Equal(("confirmed", "Q3-again", 2, 1), (second.Cause, second.CausedBy, second.Version, second.Supersedes));
                Assert.Equal(76_690_090_000m, second.Value);
                Assert.Equal(new DateTimeOffset(2013, 5, 14, 0, 0, 0, TimeSpan.Zero), second.KnownTo);
            },
            third =>
            {
                Assert.Equal(("restated", "FY", 3, 2), (third.Cause, third.CausedBy, third.Version, third.Supersedes));
                Assert.Null(third.KnownTo);
            });
    }

    [Fact]
    public async Task An_answer_pinned_at_a_recorded_time_the_log_has_passed_is_immutable_and_revalidates_as_304()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(76_690_090_000m)));
        var recorded = Uri.EscapeDataString((await api.DatabaseClockAsync()).ToString("O"));
        await api.PostFilingAsync(entity, Filing("FY", "2013-05-14", Revenue(76_700_000_000m)));
        await Task.Delay(LogPoint.Grace);
        var url = $"/api/entities/{entity}/facts?concept=Revenues&period={NineMonths}&asOf=2013-06-30&recordedAsOf={recorded}";

        using var first = await api.Client.GetAsync(url);
        using var revalidation = new HttpRequestMessage(HttpMethod.Get, url);
        revalidation.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await api.Client.SendAsync(revalidation);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains(first.Headers.CacheControl!.Extensions, e => e.Name == "immutable");
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(76_690_090_000m, (await first.Content.ReadFromJsonAsync<FactsAnswer>(LedgerApi.Json))!.Facts.Single().Value);
    }

    [Theory]
    [InlineData("asOf=2013-06-30")]
    [InlineData("asOf=2013-06-30&recordedAsOf=2199-01-01")]
    [InlineData("recordedAsOf=2013-06-30")]
    public async Task An_answer_that_a_later_append_could_still_change_carries_no_etag(string query)
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(76_690_090_000m)));

        using var response = await api.Client.GetAsync($"/api/entities/{entity}/facts?{query}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.ETag);
    }

    [Theory]
    [InlineData("asOf=yesterday", "asOf")]
    [InlineData("recordedAsOf=2013-13-01", "recordedAsOf")]
    [InlineData("basis=adjusted", "basis")]
    [InlineData("period=2012-12-31/2012-01-01", "period")]
    public async Task A_malformed_query_gets_a_problem_naming_the_parameter(string query, string field)
    {
        var response = await api.Client.GetAsync($"/api/entities/IIJ/facts?{query}");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(field, Assert.Single(problem.Errors).Field);
    }
}
