using CsCheck;
using Ledger.Domain.Filings;
using Ledger.Domain.LineItems;
using Ledger.Domain.ShareBasis;
using Ledger.Domain.Values;

namespace Ledger.Tests.Properties;

/// <summary>Properties of share-basis restatement and of a filing's content hash, over random figures and splits.</summary>
public sealed class ShareBasisAndHashProperties
{
    private static readonly DateOnly Basis = new(2012, 5, 15);
    private static readonly DateTimeOffset Never = DateTimeOffset.MaxValue;

    private static ShareSplit Split(string id, int from, int to, DateOnly effectiveOn) =>
        ShareSplit.Of(new ShareBasisChanged("IIJ", id, from, to, effectiveOn, KnownTime.StartOf(effectiveOn), "hash"), DateTimeOffset.MinValue);

    /// <summary>A figure with 0–4 decimals (whole multiples of its precision, as the API accepts), positive or negative.</summary>
    private static readonly Gen<(decimal Value, int Decimals)> Figures =
        Gen.Select(Gen.Long[-10_000_000, 10_000_000], Gen.Int[0, 4]).Select(p => (p.Item1 / Pow10(p.Item2), p.Item2));

    private static readonly Gen<int> Ratios = Gen.Int[2, 1000];

    private static decimal Pow10(int n) => Enumerable.Repeat(10m, n).Aggregate(1m, (a, b) => a * b);

    [Fact]
    public void A_split_and_the_consolidation_that_undoes_it_leave_every_per_share_and_share_count_figure_as_it_was() =>
        Gen.Select(Figures, Ratios, Gen.Int[1, 400], Gen.Bool).Sample((figure, ratio, daysApart, perShare) =>
        {
            var unit = Unit.Parse(perShare ? "JPY/share" : "shares");
            var split = Split("S", 1, ratio, new DateOnly(2012, 10, 1));
            var consolidation = Split("C", ratio, 1, new DateOnly(2012, 10, 1).AddDays(daysApart));

            var adjusted = ShareBasisAdjustment.Restate(figure.Value, figure.Decimals, unit, Basis, [split, consolidation],
                KnownTime.StartOf(new DateOnly(2014, 1, 1)), Never);

            Assert.Equal((figure.Value, figure.Decimals), (adjusted.Value, adjusted.Decimals));
            Assert.Equal(["S", "C"], adjusted.SplitIds);
        });

    [Fact]
    public void Money_and_depositary_shares_never_move_whatever_the_splits() =>
        Gen.Select(Figures, Ratios, Gen.Bool, Gen.Int[0, 3].Select(i => new[] { "JPY", "ADS", "JPY/ADS", "pure" }[i])).Sample((figure, ratio, forward, code) =>
        {
            var split = forward ? Split("S", 1, ratio, new DateOnly(2012, 10, 1)) : Split("S", ratio, 1, new DateOnly(2012, 10, 1));

            var adjusted = ShareBasisAdjustment.Restate(figure.Value, figure.Decimals, Unit.Parse(code), Basis, [split],
                KnownTime.StartOf(new DateOnly(2014, 1, 1)), Never);

            Assert.Equal((figure.Value, figure.Decimals, false), (adjusted.Value, adjusted.Decimals, adjusted.Adjusted));
        });

    private static readonly Gen<ReportedFact[]> Facts =
        Gen.Select(Gen.Int[2000, 2030], Figures).Array[1, 12].Select(rows => rows
            .DistinctBy(r => r.Item1)
            .Select(r => new ReportedFact(
                new LineItemIdentity("IIJ", "Revenues", $"{r.Item1}-04-01/{r.Item1 + 1}-03-31", Dimensions.None, Nature.Actual),
                new Figure(r.Item2.Value, "JPY", r.Item2.Decimals, null, "Income statement")))
            .ToArray());

    [Fact]
    public void A_filings_content_hash_ignores_the_order_of_its_facts_but_not_their_values() =>
        Facts.SelectMany(facts => Gen.Shuffle(facts.ToArray()).Select(shuffled => (facts, shuffled))).Sample(pair =>
        {
            var knownFrom = KnownTime.StartOf(new DateOnly(2013, 2, 8));
            var original = new RecordFiling("IIJ", "F-1", "Results", knownFrom, pair.facts);
            var reordered = original with { Facts = pair.shuffled };
            var changed = original with { Facts = [.. pair.facts[1..], pair.facts[0] with { Figure = pair.facts[0].Figure with { Value = pair.facts[0].Figure.Value + 1m } }] };

            Assert.Equal(original.ContentHash(), reordered.ContentHash());
            Assert.NotEqual(original.ContentHash(), changed.ContentHash());
        });
}
