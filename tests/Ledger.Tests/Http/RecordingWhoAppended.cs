using System.Net;
using System.Net.Http.Json;
using Ledger.Api.Facts;
using Ledger.Api.Restatements;
using Ledger.Tests.Infrastructure;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Http;

/// <summary>Every event records the subject of the token that appended it; history and the restatement log show it.</summary>
[Collection(LedgerApiCollection.Name)]
public sealed class RecordingWhoAppended(LedgerApi api)
{
    [Fact]
    public async Task History_and_the_restatement_log_name_the_subject_of_each_token_that_appended()
    {
        var entity = NewEntity();
        var after = await api.LastRestatementPositionAsync();
        var forecast = DividendPerShare(1_750.00m, period: "2012-04-01/2013-03-31") with { Nature = "forecast" };
        using var alice = api.CreateClient(TestTokens.Subject("alice@example.com", "writer"));
        using var bob = api.CreateClient(TestTokens.Subject("bob@example.com", "writer"));
        using var carol = api.CreateClient(TestTokens.Subject("carol@example.com", "writer"));

        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsJsonAsync($"/api/entities/{entity}/filings", Filing("Plan", "2012-05-15", forecast), LedgerApi.Json)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await bob.PostAsJsonAsync($"/api/entities/{entity}/splits", Split("S-1", 1, 200, "2012-10-01", "2012-10-01"), LedgerApi.Json)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await carol.PostAsJsonAsync($"/api/entities/{entity}/revisions",
            Revision("R-1", forecast with { Value = 10.00m }, knownFrom: "2013-02-08", reason: "Forecast raised"), LedgerApi.Json)).StatusCode);

        var history = await api.GetAsync<HistoryAnswer>(
            $"/api/entities/{entity}/facts/CommonStockDividendsPerShareDeclared/history?period=2012-04-01/2013-03-31&nature=forecast");
        Assert.Equal(
            [("reported", "alice@example.com"), ("split", "bob@example.com"), ("revised", "carol@example.com")],
            history.Versions.Select(v => (v.Cause, v.RecordedBy)));
        var log = await Eventually.GetAsync(
            async () => (await api.GetAsync<RestatementPage>($"/api/restatements?after={after}&limit=500")).Restatements.Where(r => r.Entity == entity).ToList(),
            found => found.Count == 2, what: "both restatements in the log");
        Assert.Equal([("split", "bob@example.com"), ("revised", "carol@example.com")], log.Select(r => (r.Kind, r.RecordedBy)));
    }
}
