using Ledger.Domain.LineItems;
using Ledger.Domain.ShareBasis;
using Ledger.Domain.Values;

namespace Ledger.Tests.Domain;

/// <summary>How splits and consolidations move per-share and share-count figures, without a database.</summary>
public sealed class RestatingShareBases
{
    private static readonly DateTimeOffset Never = DateTimeOffset.MaxValue;
    private static readonly Unit PerShare = Unit.Parse("JPY/share");
    private static readonly Unit Shares = Unit.Parse("shares");
    private static readonly DateOnly PreSplit = new(2012, 5, 15);

    private static ShareSplit Split(string id, int from, int to, string effectiveOn, string? knownFrom = null) =>
        ShareSplit.Of(new ShareBasisChanged("IIJ", id, from, to, DateOnly.Parse(effectiveOn),
            KnownTime.StartOf(DateOnly.Parse(knownFrom ?? effectiveOn)), "hash"), DateTimeOffset.MinValue);

    private static AdjustedValue Restate(decimal value, int decimals, Unit unit, DateOnly basis, string asOf, params ShareSplit[] splits) =>
        ShareBasisAdjustment.Restate(value, decimals, unit, basis, splits, KnownTime.StartOf(DateOnly.Parse(asOf)), Never);

    [Fact]
    public void A_1_for_200_split_turns_1750_yen_per_share_into_8_75()
    {
        var adjusted = Restate(1_750.00m, 2, PerShare, PreSplit, "2012-10-01", Split("S", 1, 200, "2012-10-01"));

        Assert.Equal((8.75m, 5, new DateOnly(2012, 10, 1)), (adjusted.Value, adjusted.Decimals, adjusted.ShareBasisDate));
    }

    [Fact]
    public void A_split_is_in_force_from_the_later_of_its_known_time_and_its_effective_date()
    {
        var announcedEarly = Split("S", 1, 200, "2012-10-01", knownFrom: "2012-08-01");
        var disclosedLate = Split("S", 1, 200, "2012-10-01", knownFrom: "2012-11-15");

        Assert.Equal(1_750.00m, Restate(1_750.00m, 2, PerShare, PreSplit, "2012-09-30", announcedEarly).Value);
        Assert.Equal(1_750.00m, Restate(1_750.00m, 2, PerShare, PreSplit, "2012-11-14", disclosedLate).Value);
        Assert.Equal(8.75m, Restate(1_750.00m, 2, PerShare, PreSplit, "2012-11-15", disclosedLate).Value);
    }

    [Fact]
    public void A_figure_already_on_the_new_basis_is_never_adjusted_again() =>
        Assert.False(Restate(8.75m, 2, PerShare, new DateOnly(2013, 2, 8), "2013-02-08", Split("S", 1, 200, "2012-10-01")).Adjusted);

    [Fact]
    public void Splits_compose_and_round_once_half_away_from_zero()
    {
        var adjusted = Restate(100.00m, 2, PerShare, PreSplit, "2014-01-01", Split("A", 1, 3, "2012-10-01"), Split("B", 1, 3, "2013-10-01"));

        Assert.Equal((11.111m, 3), (adjusted.Value, adjusted.Decimals));
        Assert.Equal(["A", "B"], adjusted.SplitIds);
    }

    [Fact]
    public void An_exact_half_rounds_away_from_zero_not_to_even()
    {
        // 0.05 ÷ 4 = 0.0125, kept at 2 + ⌈log10 4⌉ = 3 places: exactly half way between 0.012 (to even) and 0.013.
        var positive = Restate(0.05m, 2, PerShare, PreSplit, "2012-10-01", Split("S", 1, 4, "2012-10-01"));
        var negative = Restate(-0.05m, 2, PerShare, PreSplit, "2012-10-01", Split("S", 1, 4, "2012-10-01"));

        Assert.Equal((0.013m, 3), (positive.Value, positive.Decimals));
        Assert.Equal((-0.013m, 3), (negative.Value, negative.Decimals));
    }

    [Fact]
    public void Composed_splits_round_once_where_rounding_after_each_would_differ()
    {
        // 1 for 4 then 1 for 4: 0.05 ÷ 16 = 0.003125 → 2 + ⌈log10 16⌉ = 4 places → 0.0031.
        // Rounded after each split instead: 0.05 ÷ 4 = 0.0125 → 0.013 (3 places), then ÷ 4 = 0.00325 → 0.0033 (4 places).
        var adjusted = Restate(0.05m, 2, PerShare, PreSplit, "2014-01-01", Split("A", 1, 4, "2012-10-01"), Split("B", 1, 4, "2013-10-01"));

        Assert.Equal((0.0031m, 4), (adjusted.Value, adjusted.Decimals));
    }

    [Fact]
    public void Share_counts_published_in_thousands_keep_negative_decimals_when_restated()
    {
        // 41,295,000 shares in thousands, consolidated 7 into 1: 5,899,285.71… gains ⌈log10 7⌉ = 1 place, -3 → -2: hundreds.
        var consolidated = Restate(41_295_000m, -3, Shares, PreSplit, "2012-10-01", Split("C", 7, 1, "2012-10-01"));
        // Split 1 into 200, the count is multiplied and keeps the places it had: still thousands.
        var split = Restate(41_295_000m, -3, Shares, PreSplit, "2012-10-01", Split("S", 1, 200, "2012-10-01"));

        Assert.Equal((5_899_300m, -2), (consolidated.Value, consolidated.Decimals));
        Assert.Equal((8_259_000_000m, -3), (split.Value, split.Decimals));
    }

    [Fact]
    public void A_consolidation_multiplies_per_share_figures_and_divides_share_counts()
    {
        var consolidation = Split("C", 10, 1, "2012-10-01");

        Assert.Equal(87.50m, Restate(8.75m, 2, PerShare, PreSplit, "2012-10-01", consolidation).Value);
        Assert.Equal(4_129_560m, Restate(41_295_600m, 0, Shares, PreSplit, "2012-10-01", consolidation).Value);
    }

    [Fact]
    public void Money_and_depositary_shares_are_never_restated() =>
        Assert.All(new[] { Unit.Parse("JPY"), Unit.Parse("ADS"), Unit.Parse("JPY/ADS") }, unit =>
            Assert.False(Restate(81_073_600m, 0, unit, PreSplit, "2013-01-01", Split("S", 1, 200, "2012-10-01")).Adjusted));

    [Fact]
    public void A_split_recorded_after_the_recorded_reading_point_is_not_applied()
    {
        var recordedLater = Split("S", 1, 200, "2012-10-01") with { RecordedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) };

        var adjusted = ShareBasisAdjustment.Restate(1_750.00m, 2, PerShare, PreSplit, [recordedLater],
            KnownTime.StartOf(new DateOnly(2013, 1, 1)), new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(1_750.00m, adjusted.Value);
    }

    [Fact]
    public void A_split_recorded_twice_under_one_id_is_answered_from_the_record_or_refused_when_it_differs()
    {
        var command = new SplitInput("S-1", 1, 200, "2012-10-01", "2012-10-01").Check("IIJ", new Rejections())!;
        var recorded = Assert.IsType<SplitDecision.Append>(SplitDecision.Decide(command, null)).Event;
        var history = ShareBasisHistory.Evolve(null, recorded, DateTimeOffset.UnixEpoch);
        var different = new SplitInput("S-1", 1, 100, "2012-10-01", "2012-10-01").Check("IIJ", new Rejections())!;

        Assert.IsType<SplitDecision.AlreadyRecorded>(SplitDecision.Decide(command, history));
        Assert.IsType<SplitDecision.Conflict>(SplitDecision.Decide(different, history));
    }

    [Fact]
    public void Comparatives_on_the_new_basis_confirm_values_published_on_the_old_one()
    {
        var line = new LineItemIdentity("IIJ", "CommonStockDividendsPerShareDeclared", "2011-04-01/2012-03-31", Dimensions.None, Nature.Actual);
        var published = LineItem.Evolve(null, new LineItemReported(line.Id, line, new Figure(1_750.00m, "JPY/share", 2, PreSplit, "s"), "A", KnownTime.StartOf(PreSplit)));
        var comparative = new ReportedFact(line, new Figure(8.75m, "JPY/share", 2, new DateOnly(2013, 2, 8), "s"));

        var @event = ReportLineItem.Decide(published, comparative, "B", KnownTime.StartOf(new DateOnly(2013, 2, 8)), [Split("S", 1, 200, "2012-10-01")]);

        Assert.IsType<LineItemConfirmed>(@event);
    }
}
