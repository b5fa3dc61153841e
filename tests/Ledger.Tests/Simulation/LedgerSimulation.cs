using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Ledger.Api.Facts;
using Ledger.Api.Reading;
using Ledger.Api.Restatements;
using Ledger.Contracts;
using Ledger.Domain.Filings;
using Ledger.Domain.LineItems;
using Ledger.Tests.Infrastructure;
using Npgsql;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Simulation;

/// <summary>
/// One seeded run: random filings (some entered late), revisions with and without <c>expectedVersion</c>, two
/// writers racing on one line, splits and consolidations, retries with the same ids and reused ids with other
/// content, all through the public API; after each operation, random as-of questions (known time, recorded time,
/// basis) compared with <see cref="LedgerModel"/>; at the end the restatement log, the SSE stream and what the sample
/// subscriber recorded compared with the restatements the model expects. The same seed makes the same requests in the
/// same order.
/// </summary>
public sealed class LedgerSimulation(LedgerApi api, int seed, int operations, ServiceProcess subscriber)
{
    private static readonly DateOnly FirstDay = new(2013, 1, 1);
    private static readonly (string Concept, string Period)[] LineKeys =
    [
        ("Revenues", "2012-04-01/2012-12-31"), ("Revenues", "2011-04-01/2012-03-31"),
        ("OperatingIncomeLoss", "2012-04-01/2012-12-31"), ("OperatingIncomeLoss", "2011-04-01/2012-03-31"),
        ("CommonStockDividendsPerShareDeclared", "2012-04-01/2012-12-31"), ("CommonStockDividendsPerShareDeclared", "2011-04-01/2012-03-31"),
    ];
    private static readonly (int From, int To)[] Ratios = [(1, 2), (1, 4), (1, 5), (1, 200), (2, 1), (4, 1)];

    private readonly Random _random = new(seed);
    private readonly string _entity = $"SIM{seed % 100_000:D5}{Random.Shared.Next(100, 999)}";
    private readonly List<(LedgerModel Model, string RecordedAsOf)> _checkpoints = [];
    private readonly List<(string Route, object Body)> _sent = [];
    private readonly List<string> _expectedRestatements = [];
    private LedgerModel _model = LedgerModel.Empty;
    private int _ids;

    public int Questions { get; private set; }
    public int Writes { get; private set; }

    public async Task RunAsync()
    {
        var start = await api.LastRestatementPositionAsync();
        await CheckpointAsync();
        for (var operation = 1; operation <= operations; operation++)
        {
            try
            {
                await StepAsync();
            }
            catch (Exception failure)
            {
                throw new SimulationFailed(seed, operation, failure);
            }
        }
        try
        {
            await TheLogAndTheStreamAgreeAsync(start);
        }
        catch (Exception failure)
        {
            throw new SimulationFailed(seed, operations + 1, failure);
        }
    }

    private async Task StepAsync()
    {
        var roll = _random.Next(100);
        if (roll < 25) await FileAsync();
        else if (roll < 45) await ReviseAsync();
        else if (roll < 52) await RaceAsync();
        else if (roll < 60) await SplitAsync();
        else if (roll < 68) await RetryAsync();
        else if (roll < 72) await ReuseAnIdAsync();
        else
        {
            await AskAsync();
            return;
        }
        Writes++;
        await CheckpointAsync();
    }

    private DateOnly Day() => FirstDay.AddDays(_random.Next(0, 60));

    private static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private FactInput Fact((string Concept, string Period) line, decimal value) => line.Concept switch
    {
        "Revenues" => Revenue(value, line.Period),
        "OperatingIncomeLoss" => OperatingIncome(value, line.Period),
        _ => DividendPerShare(value, period: line.Period),
    };

    private decimal NewValue((string Concept, string Period) line) =>
        line.Concept == "CommonStockDividendsPerShareDeclared" ? _random.Next(100_000, 200_000) / 100m : _random.Next(1_000, 2_000) * 1_000m;

    private async Task FileAsync()
    {
        var id = $"F-{++_ids}";
        var knownFrom = Day();
        var lines = LineKeys.Where(_ => _random.Next(3) == 0).DefaultIfEmpty(LineKeys[_random.Next(LineKeys.Length)]).ToList();
        var facts = new List<FactInput>();
        var model = _model;
        foreach (var line in lines)
        {
            var inForce = model.InForce(line, knownFrom);
            // A money figure repeats the known value a third of the time: a confirmation, no restatement.
            var repeat = inForce is not null && line.Concept != "CommonStockDividendsPerShareDeclared" && _random.Next(3) == 0;
            var value = repeat ? inForce!.Value : NewValue(line);
            // A new value that happens to equal the known one is a confirmation too: draw again so the model knows which it is.
            while (!repeat && value == inForce?.Value) value = NewValue(line);
            facts.Add(Fact(line, value));
            // A confirmation is a version too: what that publication printed, known from its day.
            model = model.With(line, new ModelGeneration(value, facts[^1].Decimals!.Value, knownFrom,
                line.Concept == "CommonStockDividendsPerShareDeclared" ? knownFrom : null));
            if (inForce is not null && !repeat) _expectedRestatements.Add(id);
        }
        await SendAsync($"filings", Filing(id, Text(knownFrom), [.. facts]), HttpStatusCode.Created);
        _model = model;
    }

    private (string Concept, string Period)? KnownLine()
    {
        var known = LineKeys.Where(_model.Lines.ContainsKey).ToList();
        return known.Count == 0 ? null : known[_random.Next(known.Count)];
    }

    private async Task ReviseAsync()
    {
        if (KnownLine() is not { } line) return;
        var current = _model.StreamVersion(line);
        // No expectedVersion, the current one, or a stale one (a writer that read before someone else wrote).
        var choice = _random.Next(3);
        int? expected = choice switch { 0 => null, 1 => current, _ => current > 1 ? current - 1 : null };
        var (id, knownFrom, value) = ($"R-{++_ids}", Day(), NewValue(line));
        var stale = choice == 2 && expected is not null;
        await SendAsync("revisions", Revision(id, Fact(line, value), Text(knownFrom), "simulated", expected), stale ? HttpStatusCode.Conflict : HttpStatusCode.Created);
        if (stale) return;
        Revise(line, id, knownFrom, value);
    }

    private void Revise((string Concept, string Period) line, string id, DateOnly knownFrom, decimal value)
    {
        var perShare = line.Concept == "CommonStockDividendsPerShareDeclared";
        _model = _model.With(line, new ModelGeneration(value, perShare ? 2 : -3, knownFrom, perShare ? knownFrom : null));
        _expectedRestatements.Add(id);
    }

    /// <summary>Two writers revise one line item expecting the same version: exactly one is recorded, the other told 409.</summary>
    private async Task RaceAsync()
    {
        if (KnownLine() is not { } line) return;
        var current = _model.StreamVersion(line);
        var writers = Enumerable.Range(0, 2).Select(_ => (Id: $"R-{++_ids}", KnownFrom: Day(), Value: NewValue(line))).ToList();
        var answers = await Task.WhenAll(writers.Select(w =>
            api.PostRevisionAsync(_entity, Revision(w.Id, Fact(line, w.Value), Text(w.KnownFrom), "race", current))));
        var statuses = answers.Select(a => a.StatusCode).ToList();
        if (statuses.Count(s => s == HttpStatusCode.Created) != 1 || statuses.Count(s => s == HttpStatusCode.Conflict) != 1)
            throw new InvalidOperationException($"two writers at version {current}: {string.Join(", ", statuses)}; expected one 201 and one 409");
        var winner = writers[statuses.IndexOf(HttpStatusCode.Created)];
        _sent.Add(("revisions", Revision(winner.Id, Fact(line, winner.Value), Text(winner.KnownFrom), "race", current)));
        Revise(line, winner.Id, winner.KnownFrom, winner.Value);
    }

    private async Task SplitAsync()
    {
        var (from, to) = Ratios[_random.Next(Ratios.Length)];
        var (id, effectiveOn, knownFrom) = ($"S-{++_ids}", Day(), Day());
        // The ledger refuses splits that would multiply out beyond a trillion shares for one, either way.
        var all = _model.Splits.Select(s => (From: s.From, To: s.To)).Append((From: from, To: to)).ToList();
        var tooFar = all.Aggregate(1m, (p, s) => p * s.To) > 1_000_000_000_000m || all.Aggregate(1m, (p, s) => p * s.From) > 1_000_000_000_000m;
        await SendAsync("splits", Split(id, from, to, Text(effectiveOn), Text(knownFrom)), tooFar ? HttpStatusCode.UnprocessableEntity : HttpStatusCode.Created);
        if (tooFar) return;
        _model = _model.With(new ModelSplit(id, from, to, effectiveOn, knownFrom, _checkpoints.Count));
        _expectedRestatements.Add(id);
    }

    /// <summary>A client that never saw the answer sends the same request again: the original answer, nothing appended.</summary>
    private async Task RetryAsync()
    {
        if (_sent.Count == 0) return;
        var (route, body) = _sent[_random.Next(_sent.Count)];
        var answer = await api.Client.PostAsJsonAsync($"/api/entities/{_entity}/{route}", body, LedgerApi.Json);
        if (answer.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"retrying {route} {JsonSerializer.Serialize(body, LedgerApi.Json)}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
    }

    /// <summary>An id already used, sent with other content: refused, nothing appended.</summary>
    private async Task ReuseAnIdAsync()
    {
        var filings = _sent.Where(s => s.Route == "filings").Select(s => (FilingInput)s.Body).ToList();
        if (filings.Count == 0) return;
        var original = filings[_random.Next(filings.Count)];
        var changed = original with { KnownFrom = Text(DateOnly.Parse(original.KnownFrom!).AddDays(1)) };
        var answer = await api.PostFilingAsync(_entity, changed);
        if (answer.StatusCode != HttpStatusCode.Conflict)
            throw new InvalidOperationException($"filing {original.FilingId} reused with other content: {(int)answer.StatusCode}, expected 409");
    }

    private async Task SendAsync(string route, object body, HttpStatusCode expected)
    {
        var answer = await api.Client.PostAsJsonAsync($"/api/entities/{_entity}/{route}", body, LedgerApi.Json);
        if (answer.StatusCode != expected)
            throw new InvalidOperationException(
                $"POST {route} {JsonSerializer.Serialize(body, LedgerApi.Json)}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}; expected {(int)expected}");
        if (expected is HttpStatusCode.Created) _sent.Add((route, body));
    }

    /// <summary>The state after this operation, with the database's clock just after it, for recorded-time questions.</summary>
    private async Task CheckpointAsync()
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select clock_timestamp()", connection);
        var now = (DateTime)(await command.ExecuteScalarAsync())!;
        _checkpoints.Add((_model, now.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)));
    }

    /// <summary>A random reading point: the latest state or an earlier one, a known day before, among or after the filings, either basis.</summary>
    private async Task AskAsync()
    {
        Questions++;
        var at = _random.Next(2) == 0 ? _checkpoints.Count - 1 : _random.Next(_checkpoints.Count);
        var (model, recordedAsOf) = _checkpoints[at];
        var asOf = FirstDay.AddDays(_random.Next(-5, 70));
        var restated = _random.Next(2) == 0;
        var url = $"/api/entities/{_entity}/facts?asOf={Text(asOf)}&recordedAsOf={Uri.EscapeDataString(recordedAsOf)}&basis={(restated ? "restated" : "as-reported")}";

        var answer = await api.GetAsync<FactsAnswer>(url);
        var expected = model.Answer(asOf, restated, at);
        var actual = answer.Facts.ToDictionary(f => (f.Concept, f.Period), f => new ModelFigure(f.Value, f.Decimals));
        if (!expected.OrderBy(e => e.Key).SequenceEqual(actual.OrderBy(a => a.Key)))
        {
            var differing = expected.Keys.Union(actual.Keys).Where(k => expected.GetValueOrDefault(k) != actual.GetValueOrDefault(k)).ToList();
            var histories = new List<string>();
            foreach (var (concept, period) in differing)
            {
                var versions = model.Lines.GetValueOrDefault((concept, period), []);
                var history = await api.Client.GetStringAsync($"/api/entities/{_entity}/facts/{concept}/history?period={period}&recordedAsOf={Uri.EscapeDataString(recordedAsOf)}");
                histories.Add($"{concept} {period}: model {string.Join(" | ", versions)}\n  server {history}");
            }
            throw new InvalidOperationException(
                $"GET {url} (state after write {at}):\n  expected {Describe(expected)}\n  answered {Describe(actual)}\n  {string.Join("\n  ", histories)}");
        }
    }

    private static string Describe(Dictionary<(string, string), ModelFigure> figures) =>
        string.Join("; ", figures.OrderBy(f => f.Key).Select(f => $"{f.Key.Item1} {f.Key.Item2} = {f.Value.Value} ({f.Value.Decimals})"));

    private async Task TheLogAndTheStreamAgreeAsync(long start)
    {
        // The log serves up to the high-water mark, which follows the last commits by a poll or two.
        List<Restatement> logged;
        try
        {
            logged = await Eventually.GetAsync(() => LogAsync(start), l => l.Count >= _expectedRestatements.Count, what: "the restatement log");
        }
        catch (TimeoutException)
        {
            logged = await LogAsync(start); // compared below, so the failure shows where the two differ
        }
        Same("restatement log", logged);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var streamed = new List<Restatement>();
        if (_expectedRestatements.Count > 0)
        {
            using var response = await api.Client.GetAsync($"/api/restatements/stream?after={start}", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            await foreach (var item in SseParser.Create(body).EnumerateAsync(timeout.Token))
            {
                var restatement = JsonSerializer.Deserialize<Restatement>(item.Data, LedgerApi.Json)!;
                if (restatement.Entity == _entity) streamed.Add(restatement);
                if (streamed.Count == _expectedRestatements.Count) break;
            }
        }
        Same("SSE stream", streamed);
        if (logged.Select(r => r.Position).Order().SequenceEqual(logged.Select(r => r.Position)) is false)
            throw new InvalidOperationException("the restatement log is not in position order");
        await TheSubscriberAgreesAsync(logged);
    }

    /// <summary>
    /// The sample subscriber, counted once nothing is left on its way to it: it records by position, so it holds the
    /// model's restatements in order, whatever was delivered twice.
    /// </summary>
    private async Task TheSubscriberAgreesAsync(List<Restatement> logged)
    {
        if (logged.Count > 0) await Deliveries.SettledAsync(api.ConnectionString, logged[^1].Position, TimeSpan.FromSeconds(120));
        var received = await Ledger.Tests.Http.SubscribingToRestatements.ReceivedAsync(subscriber, _entity);
        Same("sample subscriber", received.Select(r => r.Restatement).ToList());
    }

    private async Task<List<Restatement>> LogAsync(long start)
    {
        var logged = new List<Restatement>();
        for (long? after = start; after is { } from;)
        {
            var page = await api.GetAsync<RestatementPage>($"/api/restatements?after={from}&limit=500");
            logged.AddRange(page.Restatements.Where(r => r.Entity == _entity));
            after = page.Next;
        }
        return logged;
    }

    private void Same(string where, List<Restatement> seen)
    {
        if (!_expectedRestatements.SequenceEqual(seen.Select(r => r.RestatementId)))
            throw new InvalidOperationException(
                $"{where}: expected {string.Join(",", _expectedRestatements)}\n  saw {string.Join(",", seen.Select(r => r.RestatementId))}");
    }
}

/// <summary>A failing seed, named so that the same history can be run again.</summary>
public sealed class SimulationFailed(int seed, int operation, Exception inner) : Exception(
    $"simulation seed {seed} failed at operation {operation}: {inner.Message}\n" +
    $"rerun it: LEDGER_SIM_SEEDS={seed} LEDGER_SIM_OPERATIONS={operation} ./test.sh --filter FullyQualifiedName~SimulatingTheLedger", inner);
