using System.Net;
using System.Net.Http.Json;
using Ledger.Domain.LineItems;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Infrastructure;

/// <summary>
/// A large, realistic history posted through the public API: for each entity, quarterly filings whose statements
/// repeat the prior quarter's figures (confirmed, or restated when they changed), a per-share dividend and a share
/// count on the share basis of the day, a 1:2 split midway, and forecast revisions. Deterministic for a given seed.
/// </summary>
public sealed class SyntheticHistory(int entities, int quarters, int conceptsPerFiling, int seed = 2012)
{
    public IEnumerable<string> Entities => Enumerable.Range(0, entities).Select(Entity);

    public static string Entity(int e) => $"S{e:D3}";

    /// <summary>Posts every entity's history, a few entities at a time, and returns how many requests were accepted.</summary>
    public async Task<int> PostAsync(HttpClient client, int writers = 2)
    {
        var accepted = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, entities), new ParallelOptions { MaxDegreeOfParallelism = writers }, async (e, _) =>
        {
            foreach (var (route, body) in RequestsFor(e))
            {
                var response = await client.PostAsJsonAsync($"/api/entities/{Entity(e)}/{route}", body, LedgerApi.Json);
                if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created))
                    throw new HttpRequestException($"{route} for {Entity(e)}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                Interlocked.Increment(ref accepted);
            }
        });
        return accepted;
    }

    private IEnumerable<(string Route, object Body)> RequestsFor(int e)
    {
        var random = new Random(seed + e);
        var splitAt = quarters / 2;
        for (var q = 0; q < quarters; q++)
        {
            var published = QuarterEnd(q).AddDays(40);
            var facts = new List<FactInput>();
            // This quarter and the prior one (comparatives): most repeat, some are restated.
            foreach (var quarter in q == 0 ? [q] : new[] { q - 1, q })
                for (var c = 0; c < conceptsPerFiling; c++)
                    facts.Add(new FactInput($"Concept{c:D3}", $"{QuarterEnd(quarter).AddMonths(-3).AddDays(1):yyyy-MM-dd}/{QuarterEnd(quarter):yyyy-MM-dd}",
                        Value: 1_000_000m * (c + 1) + quarter * 1_000m + (quarter < q && random.Next(20) == 0 ? 7_000m : 0m),
                        Unit: "JPY", Decimals: -3, Source: $"Statement line {c + 1}"));
            var basis = q < splitAt ? QuarterEnd(0).AddMonths(-3).AddDays(1) : QuarterEnd(splitAt).AddDays(1);
            facts.Add(DividendPerShare(q < splitAt ? 50.00m : 25.00m, $"{basis:yyyy-MM-dd}", $"{QuarterEnd(q):yyyy-MM-dd}"));
            facts.Add(SharesOutstanding(q < splitAt ? 1_000_000m : 2_000_000m, $"{basis:yyyy-MM-dd}", $"{QuarterEnd(q):yyyy-MM-dd}"));
            yield return ("filings", Filing($"F-{q:D3}", $"{published:yyyy-MM-dd}", [.. facts]) with { Title = $"{Entity(e)} results for the quarter to {QuarterEnd(q):yyyy-MM-dd}" });

            if (q == splitAt)
                yield return ("splits", Split("SPLIT-1", 1, 2, $"{QuarterEnd(q).AddDays(1):yyyy-MM-dd}", $"{published:yyyy-MM-dd}"));
            if (q % 4 == 3)
                yield return ("revisions", Revision($"R-{q:D3}", new FactInput("Concept000", $"{QuarterEnd(q).AddMonths(-3).AddDays(1):yyyy-MM-dd}/{QuarterEnd(q):yyyy-MM-dd}",
                    Value: 1_000_000m + q * 1_000m + 3_000m, Unit: "JPY", Decimals: -3, Source: "Correction notice"), $"{published.AddDays(20):yyyy-MM-dd}", "error correction"));
        }
    }

    private static DateOnly QuarterEnd(int q) => new DateOnly(2001, 1, 1).AddMonths(3 * (q + 1)).AddDays(-1);
}
