using Ledger.Domain.Filings;
using Ledger.Domain.LineItems;

namespace Ledger.Benchmarks;

/// <summary>
/// A realistic synthetic ledger: entities filing quarterly statements of many concepts (monetary, per-share and
/// share counts), each filing restating some comparatives, with splits and revisions sprinkled through.
/// Deterministic for a seed, so two runs measure the same data.
/// </summary>
public sealed class SyntheticLedger(int conceptsPerFiling, int seed = 42)
{
    private static readonly string[] Concepts = Enumerable.Range(0, 400).Select(i => $"Concept{i:D3}").ToArray();

    public string Entity(int e) => $"B{e:D4}";

    public static string Quarter(int q) => $"{2000 + q / 4:D4}-{1 + q % 4 * 3:D2}-01/{QuarterEnd(q)}";

    private static string QuarterEnd(int q) => new DateOnly(2000 + q / 4, 1 + q % 4 * 3, 1).AddMonths(3).AddDays(-1).ToString("yyyy-MM-dd");

    private static string KnownFrom(int q) => new DateOnly(2000 + q / 4, 1 + q % 4 * 3, 1).AddMonths(4).ToString("yyyy-MM-dd");

    /// <summary>Filing number <paramref name="q"/> of entity <paramref name="e"/>: this quarter's figures and last quarter's comparatives.</summary>
    public FilingInput Filing(int e, int q)
    {
        var random = new Random(HashCode.Combine(seed, e, q));
        var facts = new List<FactInput>(conceptsPerFiling);
        for (var c = 0; c < conceptsPerFiling; c++)
        {
            var comparative = q > 0 && c % 10 == 0;
            var period = Quarter(comparative ? q - 1 : q);
            // One comparative in ten differs from what was published: a restatement.
            var value = comparative && c % 20 == 0 ? 1_000 * random.Next(1, 1_000_000) : 1_000 * random.Next(1, 1_000_000);
            facts.Add(c % 50 == 1
                ? new FactInput(Concepts[c], period, null, "actual", random.Next(1, 10_000) / 100m, "JPY/share", 2, null, $"Synthetic per-share {c}")
                : new FactInput(Concepts[c], period, null, "actual", value, "JPY", -3, null, $"Synthetic statement line {c}"));
        }
        return new FilingInput($"F-{e:D4}-{q:D3}", $"Synthetic filing {q} of {Entity(e)}", KnownFrom(q), facts);
    }
}
