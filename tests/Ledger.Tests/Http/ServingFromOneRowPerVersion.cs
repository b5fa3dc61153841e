using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Admin;
using Ledger.Api.Facts;
using Ledger.Api.Reading;
using Ledger.Projections.LineItemVersions;
using Ledger.Tests.Infrastructure;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Http;

/// <summary>
/// Version 3 of the line-item versions model keeps one immutable row per version and derives in its query what version 1
/// stores as intervals: through the checked switch it must answer every as-of question exactly as version 1 does.
/// </summary>
[Collection(LedgerApiCollection.Name)]
public sealed class ServingFromOneRowPerVersion(LedgerApi api)
{
    private Operator Operator => new(api.Client, api.ConnectionString);

    [Fact]
    public async Task Version_3_compares_equal_to_version_1_and_once_switched_answers_every_as_of_question_as_version_1_did()
    {
        // Given every kind of change: filings, a restated comparative, a split and a revision, one of them read in between.
        await api.GivenTheWorkedExampleAsync();
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(76_690_090_000m), DividendPerShare(1_500.00m, "2012-03-31")));
        await api.PostFilingAsync(entity, Filing("FY", "2013-05-14", Revenue(76_700_000_000m), Revenue(70_000_000_000m, "2011-04-01/2011-12-31"),
            DividendPerShare(1_750.00m, "2012-03-31")));
        var between = (await api.GetAsync<FactsAnswer>($"/api/entities/{entity}/facts")).ComputedFrom.RecordedAsOf;
        await api.PostSplitAsync(entity, Split("S-1", 1, 200, "2013-06-01", "2013-06-01"));
        await api.PostRevisionAsync(entity, Revision("R-1", Revenue(76_710_000_000m), "2013-07-01", "error correction"));
        string[] questions =
        [
            "/api/entities/IIJ/facts?asOf=2013-02-08", "/api/entities/IIJ/facts?asOf=2012-08-15", "/api/entities/IIJ/facts",
            $"/api/entities/{entity}/facts", $"/api/entities/{entity}/facts?asOf=2013-05-20", $"/api/entities/{entity}/facts?asOf=2013-02-08",
            $"/api/entities/{entity}/facts?recordedAsOf={Uri.EscapeDataString(between.ToString("O"))}",
            $"/api/entities/{entity}/facts?asOf=2013-07-01&basis=as-reported", $"/api/entities/{entity}/facts?concept=Revenues&period=2012-04-01/2012-12-31&asOf=2013-06-30",
        ];
        var byVersion1 = await AnswersAsync(questions, expectedVersion: 1);

        Assert.True((await Operator.CompareAsync(3)).Equal);
        var switched = await api.Client.PostAsJsonAsync("/api/admin/projections/line-item-versions/switch", new SwitchRequest(3));
        try
        {
            Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
            var byVersion3 = await AnswersAsync(questions, expectedVersion: 3);

            Assert.Equal(byVersion1, byVersion3);
            var revenue = (await api.GetAsync<FactsAnswer>("/api/entities/IIJ/facts?concept=Revenues&period=2012-04-01/2012-12-31&asOf=2013-02-08")).Facts.Single(f => f.Dimensions.Count == 0);
            Assert.Equal("IIJ Announces Nine Months Financial Results for the Fiscal Year Ending March 31, 2013", revenue.FilingTitle);
        }
        finally
        {
            // The checked switch back: version 1 compares equal to version 3 as well; the tests that follow expect it serving.
            var back = await api.Client.PostAsJsonAsync("/api/admin/projections/line-item-versions/switch", new SwitchRequest(1));
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        }
    }

    [Fact]
    public async Task Rebuilding_version_3_from_the_command_line_gives_back_exactly_the_rows_the_live_run_inserted()
    {
        await api.GivenTheWorkedExampleAsync();
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("FY", "2013-05-14", Revenue(76_700_000_000m), DividendPerShare(1_750.00m)));
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(76_690_090_000m)));
        await api.PostRevisionAsync(entity, Revision("R-1", Revenue(76_710_000_000m), "2013-07-01", "error correction"));
        var live = await Operator.RowsAsync(LineItemVersionsModel.Generation3);
        // A damaged standby: the rebuild must bring these rows back from the log.
        await Operator.ScalarAsync($"with gone as (delete from {LineItemVersionsModel.Generation3.Table} where entity = '{entity}' returning 1) select count(*) from gone");

        // Inline, so rebuilt from the command line while nothing writes (online it is refused: see RebuildingUnderLoad).
        var (exit, output) = await ServiceProcess.CommandAsync(api.ConnectionString, null,
            "projections", "rebuild", "-p", LineItemVersionsModel.Generation3.ShardName);

        Assert.True(exit == 0, output);
        Operator.AssertSameRows(live, await Operator.RowsAsync(LineItemVersionsModel.Generation3));
        Assert.True((await Operator.CompareAsync(3)).Equal);
    }

    [Fact]
    public async Task Of_two_concurrent_writers_of_one_line_item_one_wins_one_gets_409_and_version_3_holds_only_the_winner()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(1_000_000m)));

        // Both decided on version 1, so both would write version 2 of the line item.
        var responses = await Task.WhenAll(Enumerable.Range(1, 2).Select(i =>
            api.PostRevisionAsync(entity, Revision($"R-{i}", Revenue(1_000_000m + i * 1000m), "2013-03-01", "race", expectedVersion: 1))));

        var winner = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var loser = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
        // Refused at its commit when both read version 1 at once, or at its check when the winner had committed first.
        Assert.Contains((await Problem.ReadAsync(loser, HttpStatusCode.Conflict)).Code, new[] { "concurrent_change", "expected_version_mismatch" });
        var winningValue = 1_000_000m + (Array.IndexOf(responses, winner) + 1) * 1000m;
        var rows = await Operator.ScalarAsync(
            $"select count(*) from {LineItemVersionsModel.Generation3.Table} where entity = '{entity}' and version = 2 and value = {winningValue}");
        Assert.Equal(1, rows);
        Assert.Equal(2, await Operator.ScalarAsync($"select count(*) from {LineItemVersionsModel.Generation3.Table} where entity = '{entity}'"));
    }

    /// <summary>Each answer's facts as JSON, less what only one version can say (the filing's title; which version answered).</summary>
    private async Task<List<string>> AnswersAsync(IEnumerable<string> questions, int expectedVersion)
    {
        var answers = new List<string>();
        foreach (var question in questions)
        {
            var answer = await api.GetAsync<FactsAnswer>(question);
            Assert.Equal(expectedVersion, answer.ComputedFrom.ProjectionVersion);
            var facts = answer.Facts
                .Select(f => f with { FilingTitle = null, Dimensions = new SortedDictionary<string, string>(f.Dimensions.ToDictionary(), StringComparer.Ordinal) })
                .OrderBy(f => f.LineItemId, StringComparer.Ordinal);
            answers.Add($"{question}: {JsonSerializer.Serialize(facts, LedgerApi.Json)}");
        }
        return answers;
    }
}
