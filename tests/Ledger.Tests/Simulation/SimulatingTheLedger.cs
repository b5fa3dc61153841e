using System.Diagnostics;
using Ledger.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ledger.Tests.Simulation;

/// <summary>
/// The seeded simulator against the real API and PostgreSQL. CI runs the fixed seeds below; a long run sets
/// LEDGER_SIM_SEEDS (a list such as "7,9" or a range such as "1-200") and LEDGER_SIM_OPERATIONS (per seed).
/// </summary>
[Collection(LedgerApiCollection.Name)]
public sealed class SimulatingTheLedger(LedgerApi api, ITestOutputHelper output)
{
    private static readonly int[] CiSeeds = [1, 2, 3, 4, 5];
    private const int CiOperations = 60;

    [Fact]
    public async Task Random_histories_answer_every_as_of_question_and_restate_as_the_model_says()
    {
        var seeds = Seeds(Environment.GetEnvironmentVariable("LEDGER_SIM_SEEDS")) ?? CiSeeds;
        var operations = int.TryParse(Environment.GetEnvironmentVariable("LEDGER_SIM_OPERATIONS"), out var n) ? n : CiOperations;
        // One sample subscriber for the whole run: each seed's restatements must reach it as the model says.
        await using var subscriber = ServiceProcess.Subscriber(api.ConnectionString);
        await subscriber.StartAsync();
        var clock = Stopwatch.StartNew();
        int writes = 0, questions = 0;
        foreach (var seed in seeds)
        {
            var simulation = new LedgerSimulation(api, seed, operations, subscriber);
            await simulation.RunAsync();
            (writes, questions) = (writes + simulation.Writes, questions + simulation.Questions);
        }
        output.WriteLine($"simulated {seeds.Count} seeds × {operations} operations ({writes} writes, {questions} questions) in {clock.Elapsed.TotalSeconds:F0} s");
        Assert.True(writes > 0 && questions > 0, "a simulation that neither writes nor asks shows nothing");
    }

    private static IReadOnlyList<int>? Seeds(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (text.Split('-') is [var first, var last] && int.TryParse(first, out var a) && int.TryParse(last, out var b))
            return Enumerable.Range(a, b - a + 1).ToList();
        return text.Split(',').Select(int.Parse).ToList();
    }
}
