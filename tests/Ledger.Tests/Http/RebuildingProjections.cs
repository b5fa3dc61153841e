using System.Net;
using System.Net.Http.Json;
using Ledger.Api.Admin;
using Ledger.Tests.Infrastructure;
using Npgsql;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Http;

/// <summary>Operators replaying projections from the event log, and the proof that replay equals live.</summary>
[Collection(LedgerApiCollection.Name)]
public sealed class RebuildingProjections(LedgerApi api)
{
    private async Task<List<(string Id, string Data)>> VersionRowsAsync()
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select id, data::text from ledger.mt_doc_line_item_versions order by id", connection);
        var rows = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }

    private async Task GivenAHistoryWithEveryKindOfChangeAsync()
    {
        await api.GivenTheWorkedExampleAsync();
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("FY", "2013-05-14", Revenue(76_700_000_000m), DividendPerShare(1_750.00m)));
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(76_690_090_000m)));
        await api.PostSplitAsync(entity, Split("S-1", 1, 200, "2013-06-01", "2013-06-01"));
        await api.PostRevisionAsync(entity, Revision("R-1", Revenue(76_710_000_000m), "2013-07-01", "error correction"));
    }

    [Fact]
    public async Task Rebuilding_the_versions_projection_from_the_log_gives_exactly_the_rows_the_live_projection_wrote()
    {
        await GivenAHistoryWithEveryKindOfChangeAsync();
        var live = await VersionRowsAsync();

        var started = await api.Client.PostAsync("/api/admin/projections/line-item-versions/rebuild", null);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var state = await Eventually.GetAsync(
            async () => (await api.GetAsync<List<ProjectionState>>("/api/admin/projections")).Single(p => p.Name == "line-item-versions"),
            p => p.Rebuild?.Status is "succeeded" or "failed", TimeSpan.FromSeconds(120), "the rebuild to finish");
        Assert.Equal("succeeded", state.Rebuild!.Status);
        var rebuilt = await VersionRowsAsync();
        var firstDifference = live.Zip(rebuilt).FirstOrDefault(pair => pair.First != pair.Second);
        Assert.True(firstDifference == default, $"first differing row: live {firstDifference.First} vs rebuilt {firstDifference.Second}");
        Assert.Equal(live.Count, rebuilt.Count);
    }

    [Fact]
    public async Task Projection_state_shows_every_projection_with_its_position_and_lag_and_unknown_names_are_404()
    {
        var states = await api.GetAsync<List<ProjectionState>>("/api/admin/projections");

        Assert.Equal(["line-item-versions", "line-items", "share-basis", "restatement-publisher"], states.Select(s => s.Name));
        Assert.All(states, s => Assert.True(s.Position >= 0 && s.Lag >= 0));
        var unknown = await api.Client.PostAsync("/api/admin/projections/horoscope/rebuild", null);
        Assert.Equal("projection_unknown", (await Problem.ReadAsync(unknown, HttpStatusCode.NotFound)).Code);
    }
}
