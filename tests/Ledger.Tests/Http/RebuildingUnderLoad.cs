using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Admin;
using Ledger.Api.Statements;
using Ledger.Domain.Values;
using Ledger.Api.Facts;
using Ledger.Api.Filings;
using Ledger.Api.Revisions;
using Ledger.Projections.LineItemVersions;
using Ledger.Tests.Infrastructure;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Http;

/// <summary>
/// An operator asks for a rebuild while writers and readers go on: whatever the rebuild does (replay a standby, or refuse),
/// no decision and no answer may change because of it.
/// </summary>
[Collection(LedgerApiCollection.Name)]
public sealed class RebuildingUnderLoad(LedgerApi api)
{
    private const int Lines = 20;
    private Operator Operator => new(api.Client, api.ConnectionString);

    [Fact]
    public async Task Filings_and_revisions_sent_during_a_line_items_rebuild_are_decided_on_every_version_recorded_before_them()
    {
        await api.GivenTheWorkedExampleAsync();
        var entity = NewEntity();
        var lines = Enumerable.Range(0, Lines).Select(i => Revenue(1_000m) with { Concept = $"Line{i}" }).ToList();
        Assert.Equal(HttpStatusCode.Created, (await api.PostFilingAsync(entity, Filing("F-0", "2013-02-08", [.. lines]))).StatusCode);
        var filings = new List<FilingResult>();
        var revisions = new List<HttpResponseMessage>();

        var rebuild = await WhileRebuildingAsync("line-item-log", async step =>
        {
            var knownFrom = new DateOnly(2013, 3, 1).AddDays(2 * step);
            var filing = await api.PostFilingAsync(entity, Filing($"F-{step + 1}", $"{knownFrom:yyyy-MM-dd}",
                [.. lines.Select(l => l with { Value = 1_000m * (step + 2) })]));
            filings.Add((await filing.Content.ReadFromJsonAsync<FilingResult>(LedgerApi.Json))!);
            revisions.Add(await api.PostRevisionAsync(entity,
                Revision($"R-{step}", lines[0] with { Value = 7_000_000m + 1_000m * step }, $"{knownFrom.AddDays(1):yyyy-MM-dd}", "error correction")));
        });

        AssertRefusedOrAccepted(rebuild);
        // Each filing restates every line: line 0 was also revised once per step before it, the others never.
        Assert.All(filings.Select((f, step) => (f, step)), x =>
        {
            Assert.Equal((0, Lines), (x.f.Reported, x.f.Restated));
            Assert.Equal(1 + 2 * x.step + 1, x.f.LineItems.Single(l => l.LineItemId.Contains("|Line0|")).Version);
            Assert.All(x.f.LineItems.Where(l => !l.LineItemId.Contains("|Line0|")), l => Assert.Equal(x.step + 2, l.Version));
        });
        foreach (var (revision, step) in revisions.Select((r, step) => (r, step)))
        {
            Assert.Equal(HttpStatusCode.Created, revision.StatusCode);
            Assert.Equal(2 * step + 3, (await revision.Content.ReadFromJsonAsync<RevisionResult>(LedgerApi.Json))!.Version);
        }
        var restatements = await api.RestatementPositionsAsync([entity]);
        Assert.Equal(filings.Count * Lines + revisions.Count, restatements.Count);
    }

    [Fact]
    public async Task Dividends_read_during_a_share_basis_rebuild_answer_the_restated_value_every_time()
    {
        await api.GivenTheWorkedExampleAsync();
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("FY2011", "2012-05-15", DividendPerShare(1_500.00m)));
        Assert.Equal(HttpStatusCode.Created, (await api.PostSplitAsync(entity, Split("S-1", 1, 200, "2012-10-01", "2012-09-01"))).StatusCode);
        var answers = new List<(decimal Value, IReadOnlyList<string> Splits)>();

        var rebuild = await WhileRebuildingAsync("share-basis", async _ =>
        {
            // Several readers at once, so that a window of the rebuild, however short, is read.
            var read = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
                api.GetAsync<FactsAnswer>($"/api/entities/{entity}/facts?concept=CommonStockDividendsPerShareDeclared")));
            lock (answers) answers.AddRange(read.Select(a => (a.Facts.Single().Value, a.Facts.Single().AdjustedBySplits)));
        }, rebuilds: 5);

        AssertRefusedOrAccepted(rebuild);
        Assert.All(answers, a => Assert.Equal((7.50m, "S-1"), (a.Value, string.Join(",", a.Splits))));
    }

    [Fact]
    public async Task Every_async_standby_generation_rebuilt_while_filings_restate_and_confirm_leaves_every_write_as_decided_and_equals_the_serving_one()
    {
        await api.GivenTheWorkedExampleAsync();
        // Async standbys: an inline one is refused online (the next test).
        var standby = (await Operator.StatesAsync())
            .Where(s => s.Name == LineItemVersionsModel.Name && !s.Serving && s.Lifecycle == "async").Select(s => s.Version).ToList();
        Assert.NotEmpty(standby);
        foreach (var version in standby)
        {
            var entity = NewEntity();
            var lines = Enumerable.Range(0, Lines).Select(i => Revenue(1_000m) with { Concept = $"Line{i}" }).ToList();
            Assert.Equal(HttpStatusCode.Created, (await api.PostFilingAsync(entity, Filing("F-0", "2013-02-08", [.. lines]))).StatusCode);
            var outcomes = new List<(int Status, int Restated, int Confirmed)>();

            var rebuild = await WhileRebuildingAsync($"{LineItemVersionsModel.Name}", async step =>
            {
                // A restatement of every line, then the same figures printed again: one confirmation each.
                var values = lines.Select(l => l with { Value = 1_000m * (step + 2) }).ToArray();
                foreach (var (id, day) in new[] { ($"F-{step + 1}", 2 * step), ($"C-{step + 1}", 2 * step + 1) })
                {
                    var response = await api.PostFilingAsync(entity, Filing(id, $"{new DateOnly(2013, 3, 1).AddDays(day):yyyy-MM-dd}", values));
                    var result = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<FilingResult>(LedgerApi.Json) : null;
                    outcomes.Add(((int)response.StatusCode, result?.Restated ?? -1, result?.Confirmed ?? -1));
                }
            }, query: $"?version={version}");

            Assert.Equal(HttpStatusCode.Accepted, rebuild.StatusCode);
            Assert.All(outcomes.Where((_, i) => i % 2 == 0), o => Assert.Equal((201, Lines, 0), o));
            Assert.All(outcomes.Where((_, i) => i % 2 == 1), o => Assert.Equal((201, 0, Lines), o));
            Assert.Equal("succeeded", (await Operator.StatesAsync()).Single(s => s.Name == LineItemVersionsModel.Name && s.Version == version).Rebuild!.Status);
            await Operator.CaughtUpAsync(version);
            Assert.True((await Operator.CompareAsync(version)).Equal, $"version {version} differs from the serving version after its rebuild");
        }
    }

    [Fact]
    public async Task Every_inline_generation_asked_to_rebuild_while_writers_restate_and_confirm_leaves_every_write_as_decided_and_every_answer_unchanged()
    {
        await api.GivenTheWorkedExampleAsync();
        var before = await Operator.IncomeStatementAsync();
        var inline = LineItemVersionsModel.Generations.Where(g => g.Inline).ToList();
        Assert.Equal([3], inline.Select(g => g.Number));
        foreach (var generation in inline)
        {
            // A generation answering queries is never rebuilt: let an async standby serve while this one is asked for.
            var other = LineItemVersionsModel.Generations.First(g => !g.Inline).Number;
            var serving = (await Operator.StatesAsync()).Single(s => s.Name == LineItemVersionsModel.Name && s.Serving).Version;
            if (serving == generation.Number) await Operator.CaughtUpAsync(other);
            var switchedAway = serving == generation.Number && await SwitchAsync(other);
            HttpResponseMessage? back = null;
            try
            {
                var writers = Enumerable.Range(0, 3).Select(_ => NewEntity()).ToList();
                var lines = Enumerable.Range(0, Lines).Select(i => Revenue(1_000m) with { Concept = $"Line{i}" }).ToList();
                foreach (var entity in writers)
                    Assert.Equal(HttpStatusCode.Created, (await api.PostFilingAsync(entity, Filing("F-0", "2013-02-08", [.. lines]))).StatusCode);
                var outcomes = new List<(string Entity, int Step, string Id, int Status, int Restated, int Confirmed, string Body)>();
                var answers = new List<StatementAnswer>();

                var rebuild = await WhileRebuildingAsync(LineItemVersionsModel.Name, async step =>
                {
                    var values = lines.Select(l => l with { Value = 1_000m * (step + 2) }).ToArray();
                    // Several writers at once, each restating every line of its own entity and then printing the same figures again.
                    var writing = writers.Select(async entity =>
                    {
                        foreach (var (id, day) in new[] { ($"F-{step + 1}", 2 * step), ($"C-{step + 1}", 2 * step + 1) })
                        {
                            var response = await api.PostFilingAsync(entity, Filing(id, $"{new DateOnly(2013, 3, 1).AddDays(day):yyyy-MM-dd}", values));
                            var body = await response.Content.ReadAsStringAsync();
                            var result = response.IsSuccessStatusCode ? JsonSerializer.Deserialize<FilingResult>(body, LedgerApi.Json) : null;
                            lock (outcomes) outcomes.Add((entity, step, id, (int)response.StatusCode, result?.Restated ?? -1, result?.Confirmed ?? -1, body));
                        }
                    });
                    var reading = Task.Run(async () =>
                    {
                        var answer = await Operator.IncomeStatementAsync();
                        lock (answers) answers.Add(answer);
                    });
                    await Task.WhenAll([.. writing, reading]);
                }, query: $"?version={generation.Number}");

                Assert.All(outcomes, o => Assert.True(o.Status < 500, $"generation {generation.Number}: {o.Entity} {o.Id} answered {o.Status}: {o.Body}"));
                Assert.All(outcomes.Where(o => o.Id.StartsWith('F')), o => Assert.Equal((201, Lines, 0), (o.Status, o.Restated, o.Confirmed)));
                Assert.All(outcomes.Where(o => o.Id.StartsWith('C')), o => Assert.Equal((201, 0, Lines), (o.Status, o.Restated, o.Confirmed)));
                Assert.All(answers, a => Assert.Equal(
                    before.Lines.Select(l => (l.Key, l.Value)), a.Lines.Select(l => (l.Key, l.Value))));
                var comparison = await Operator.CompareAsync(generation.Number);
                Assert.True(comparison.Equal, $"generation {generation.Number} differs from the serving one: {JsonSerializer.Serialize(comparison.Differences.FirstOrDefault())}");
                // Refused: an inline generation is written by every writer's own transaction, and a rebuild would empty it under them.
                Assert.Equal(RejectionCodes.ProjectionInline, (await Problem.ReadAsync(rebuild, HttpStatusCode.Conflict)).Code);
            }
            finally
            {
                // The checked switch back, so that the tests that follow find generation 3 serving.
                if (switchedAway) back = await api.Client.PostAsJsonAsync("/api/admin/projections/line-item-versions/switch", new SwitchRequest(serving));
            }
            if (back is not null) Assert.True(back.StatusCode == HttpStatusCode.OK, $"the switch back to {serving}: {await back.Content.ReadAsStringAsync()}");
        }
    }

    private async Task<bool> SwitchAsync(int version)
    {
        var switched = await api.Client.PostAsJsonAsync("/api/admin/projections/line-item-versions/switch", new SwitchRequest(version));
        Assert.True(switched.StatusCode == HttpStatusCode.OK, $"the switch to {version}: {(int)switched.StatusCode} {await switched.Content.ReadAsStringAsync()}");
        return true;
    }

    private static void AssertRefusedOrAccepted(HttpResponseMessage rebuild) =>
        Assert.True(rebuild.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"rebuild answered {(int)rebuild.StatusCode}");

    /// <summary>
    /// Runs <paramref name="step"/> again and again, from before the first rebuild is asked for until the last one has
    /// ended (and at least three times, so that a refused rebuild still sees writers and readers go on), while
    /// <paramref name="projection"/> is rebuilt <paramref name="rebuilds"/> times, one after the other. The last answer.
    /// </summary>
    private async Task<HttpResponseMessage> WhileRebuildingAsync(string projection, Func<int, Task> step, int rebuilds = 1, string query = "")
    {
        using var stop = new CancellationTokenSource();
        var steps = 0;
        var work = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested || steps < 3) await step(steps++);
        });
        HttpResponseMessage? answer = null;
        for (var i = 0; i < rebuilds; i++)
        {
            answer = await api.Client.PostAsync($"/api/admin/projections/{projection}/rebuild{query}", null);
            await Eventually.GetAsync(Operator.StatesAsync, states => !states.Any(s => s.Name == projection && s.Rebuild?.Status == "running"),
                TimeSpan.FromMinutes(2), $"the rebuild of {projection}");
        }
        stop.Cancel();
        await work;
        return answer!;
    }
}
