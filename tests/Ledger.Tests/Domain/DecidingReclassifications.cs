using Ledger.Domain.LineItems;
using Ledger.Domain.Reclassifications;
using Ledger.Domain.Values;

namespace Ledger.Tests.Domain;

/// <summary>What moving an amount between two line items of one period comes to, given their states at the move's known time.</summary>
public sealed class DecidingReclassifications
{
    private static readonly DateTimeOffset May15 = KnownTime.StartOf(new DateOnly(2012, 5, 15));
    private static readonly DateTimeOffset Feb08 = KnownTime.StartOf(new DateOnly(2013, 2, 8));
    private const string Period = "2012-04-01/2012-12-31";
    private static readonly LineItemIdentity Cost = new("IIJ", "CostOfRevenue", Period, Dimensions.None, Nature.Actual);
    private static readonly LineItemIdentity Selling = new("IIJ", "SellingGeneralAndAdministrativeExpense", Period, Dimensions.None, Nature.Actual);

    private static LineItem Reported(LineItemIdentity line, decimal value, string unit = "JPY", DateTimeOffset? knownFrom = null) =>
        LineItem.Evolve(null, new LineItemReported(line.Id, line, new Figure(value, unit, -3, null, "Income statement", "note", "sum"), "F-1", knownFrom ?? May15))!;

    private static ReclassifyAmount Move(decimal amount) => new("IIJ", "C-1", Cost, Selling, amount, Feb08, "Presentation change", "Note 4");

    [Fact]
    public void Given_two_line_items_in_one_unit_when_an_amount_moves_then_one_loses_it_and_the_other_gains_it_each_superseding_its_version_in_force()
    {
        var command = Move(12_000m);

        var append = Assert.IsType<ReclassificationDecision.Append>(
            ReclassificationDecision.Decide(command, null, Reported(Cost, 500_000m), Reported(Selling, 200_000m)));

        var reported = (Cost: new Figure(500_000m, "JPY", -3, null, "Income statement", "note", "sum"), Selling: new Figure(200_000m, "JPY", -3, null, "Income statement", "note", "sum"));
        Assert.Equal(new AmountReclassified("IIJ", "C-1", Feb08, "Presentation change", 12_000m,
            new LineItemReclassified(Cost.Id, Cost, new Figure(488_000m, "JPY", -3, null, "Note 4"), "C-1", Feb08, "Presentation change", 1, reported.Cost, Selling.Id, -12_000m, Version: 2),
            new LineItemReclassified(Selling.Id, Selling, new Figure(212_000m, "JPY", -3, null, "Note 4"), "C-1", Feb08, "Presentation change", 1, reported.Selling, Cost.Id, 12_000m, Version: 2),
            command.ContentHash()), append.Record);
    }

    [Fact]
    public void Given_a_line_item_never_reported_when_an_amount_moves_out_of_it_then_it_is_refused_naming_that_line_item()
    {
        var decision = ReclassificationDecision.Decide(Move(12_000m), null, null, Reported(Selling, 200_000m));

        var refused = Assert.IsType<ReclassificationDecision.Refused>(decision);
        Assert.Equal(RejectionCodes.LineItemUnknown, refused.Code);
        Assert.Equal($"Both line items must be known at 2013-02-08T00:00:00.0000000+00:00: {Cost.Id} is not.", refused.Detail);
    }

    [Fact]
    public void Given_a_line_item_first_known_after_the_move_when_an_amount_moves_into_it_then_it_is_refused_naming_that_line_item()
    {
        var decision = ReclassificationDecision.Decide(Move(12_000m), null, Reported(Cost, 500_000m), Reported(Selling, 200_000m, knownFrom: Feb08.AddDays(1)));

        var refused = Assert.IsType<ReclassificationDecision.Refused>(decision);
        Assert.Equal(RejectionCodes.LineItemUnknown, refused.Code);
        Assert.EndsWith($"{Selling.Id} is not.", refused.Detail);
    }

    [Fact]
    public void Given_line_items_in_two_units_when_an_amount_moves_then_it_is_refused()
    {
        var decision = ReclassificationDecision.Decide(Move(12_000m), null, Reported(Cost, 500_000m), Reported(Selling, 200_000m, unit: "USD"));

        Assert.Equal(new ReclassificationDecision.Refused(RejectionCodes.UnitsDiffer, "An amount moves only between line items of one unit (JPY ≠ USD)."), decision);
    }

    [Fact]
    public void Given_a_line_item_near_the_ledgers_bound_when_the_move_would_take_it_past_then_it_is_refused()
    {
        var decision = ReclassificationDecision.Decide(Move(2m), null, Reported(Cost, 500_000m), Reported(Selling, Limits.ValueMagnitude - 1m));

        var refused = Assert.IsType<ReclassificationDecision.Refused>(decision);
        Assert.Equal(RejectionCodes.ValueOutOfRange, refused.Code);
    }

    [Fact]
    public void Given_the_reclassification_was_recorded_when_sent_again_with_the_same_content_then_the_record_is_the_answer()
    {
        var recorded = Assert.IsType<ReclassificationDecision.Append>(
            ReclassificationDecision.Decide(Move(12_000m), null, Reported(Cost, 500_000m), Reported(Selling, 200_000m))).Record;

        Assert.Equal(new ReclassificationDecision.AlreadyRecorded(recorded), ReclassificationDecision.Decide(Move(12_000m), recorded, null, null));
    }

    [Fact]
    public void Given_the_reclassification_was_recorded_when_sent_again_with_another_amount_then_it_conflicts_with_the_record()
    {
        var recorded = Assert.IsType<ReclassificationDecision.Append>(
            ReclassificationDecision.Decide(Move(12_000m), null, Reported(Cost, 500_000m), Reported(Selling, 200_000m))).Record;

        Assert.Equal(new ReclassificationDecision.Conflict(recorded), ReclassificationDecision.Decide(Move(13_000m), recorded, null, null));
    }
}
