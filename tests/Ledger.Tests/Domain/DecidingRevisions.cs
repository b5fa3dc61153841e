using Ledger.Domain.LineItems;
using Ledger.Domain.Revisions;
using Ledger.Domain.Values;

namespace Ledger.Tests.Domain;

/// <summary>What a revision of one line item comes to, given the revision's record (if any) and the line item's state.</summary>
public sealed class DecidingRevisions
{
    private static readonly DateTimeOffset May15 = KnownTime.StartOf(new DateOnly(2012, 5, 15));
    private static readonly DateTimeOffset Feb08 = KnownTime.StartOf(new DateOnly(2013, 2, 8));
    private static readonly DateTimeOffset Mar01 = KnownTime.StartOf(new DateOnly(2013, 3, 1));
    private static readonly LineItemIdentity Revenue = new("IIJ", "Revenues", "2012-04-01/2012-12-31", Dimensions.None, Nature.Forecast);

    private static Figure Yen(decimal value, string source) => new(value, "JPY", -3, null, source);

    /// <summary>Reported in May as JPY 1,000,000,000 and restated in February to JPY 1,200,000,000.</summary>
    private static LineItem ReportedThenRestated() => LineItem.Replay([
        new LineItemReported(Revenue.Id, Revenue, Yen(1_000_000_000m, "Forecast table"), "F-1", May15),
        new LineItemRestated(Revenue.Id, Revenue, Yen(1_200_000_000m, "Forecast table"), "F-2", Feb08, 1, Yen(1_000_000_000m, "Forecast table")),
    ])!;

    private static ReviseLineItem Revision(decimal value, DateTimeOffset knownFrom, int? expectedVersion = null) =>
        new("IIJ", "R-1", new ReportedFact(Revenue, Yen(value, "Revision R-1")), knownFrom, "Forecast revised", expectedVersion);

    [Fact]
    public void Given_a_line_item_when_revised_then_the_version_in_force_is_superseded_and_the_revision_is_recorded_as_its_next_version()
    {
        var command = Revision(1_100_000_000m, Mar01);

        var append = Assert.IsType<RevisionDecision.Append>(RevisionDecision.Decide(command, null, ReportedThenRestated()));

        Assert.Equal(new RevisionRecorded("IIJ", "R-1", Revenue.Id, 3, command.ContentHash()), append.Record);
        Assert.Equal(new LineItemRevised(Revenue.Id, Revenue, Yen(1_100_000_000m, "Revision R-1"), "R-1", Mar01, "Forecast revised",
            2, Yen(1_200_000_000m, "Forecast table"), Version: 3), append.Event);
    }

    [Fact]
    public void Given_a_revision_known_between_two_versions_when_decided_then_it_supersedes_the_one_in_force_at_its_known_time()
    {
        var append = Assert.IsType<RevisionDecision.Append>(RevisionDecision.Decide(Revision(900_000_000m, Feb08.AddDays(-1)), null, ReportedThenRestated()));

        Assert.Equal((1, 1_000_000_000m), (append.Event.Supersedes, append.Event.Previous!.Value));
        Assert.Equal(3, append.Record.Version);
    }

    [Fact]
    public void Given_a_revision_known_before_anything_was_published_when_decided_then_it_supersedes_nothing()
    {
        var append = Assert.IsType<RevisionDecision.Append>(RevisionDecision.Decide(Revision(900_000_000m, May15.AddDays(-1)), null, ReportedThenRestated()));

        Assert.Equal((null, null), (append.Event.Supersedes, append.Event.Previous));
    }

    [Fact]
    public void Given_the_expected_version_is_current_when_revised_then_it_is_appended()
    {
        var append = Assert.IsType<RevisionDecision.Append>(RevisionDecision.Decide(Revision(1_100_000_000m, Mar01, expectedVersion: 2), null, ReportedThenRestated()));

        Assert.Equal(3, append.Record.Version);
    }

    [Fact]
    public void Given_the_line_item_moved_past_the_expected_version_when_revised_then_it_is_a_version_mismatch_naming_both()
    {
        var decision = RevisionDecision.Decide(Revision(1_100_000_000m, Mar01, expectedVersion: 1), null, ReportedThenRestated());

        Assert.Equal(new RevisionDecision.VersionMismatch(1, 2), decision);
    }

    [Fact]
    public void Given_no_such_line_item_when_revised_then_it_is_unknown()
    {
        var decision = RevisionDecision.Decide(Revision(1_100_000_000m, Mar01), null, null);

        Assert.Equal(new RevisionDecision.UnknownLineItem(Revenue.Id), decision);
    }

    [Fact]
    public void Given_the_revision_was_recorded_when_sent_again_with_the_same_content_then_the_record_is_the_answer_whatever_the_line_item_now_is()
    {
        var command = Revision(1_100_000_000m, Mar01, expectedVersion: 2);
        var recorded = new RevisionRecorded("IIJ", "R-1", Revenue.Id, 3, command.ContentHash());

        // The line item moved on and the retry omits the expected version: the recorded answer still stands.
        var decision = RevisionDecision.Decide(command with { ExpectedVersion = null }, recorded, null);

        Assert.Equal(new RevisionDecision.AlreadyRecorded(recorded), decision);
    }

    [Fact]
    public void Given_the_revision_was_recorded_when_sent_again_with_other_content_then_it_conflicts_with_the_record()
    {
        var recorded = new RevisionRecorded("IIJ", "R-1", Revenue.Id, 3, Revision(1_100_000_000m, Mar01).ContentHash());

        var decision = RevisionDecision.Decide(Revision(1_150_000_000m, Mar01), recorded, ReportedThenRestated());

        Assert.Equal(new RevisionDecision.Conflict(recorded), decision);
    }
}
