using Ledger.Domain.Filings;
using Ledger.Domain.LineItems;
using Ledger.Domain.Values;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Domain;

/// <summary>What a filing does to each line item, given what was known at the filing's known time.</summary>
public sealed class DecidingLineItems
{
    private static readonly DateTimeOffset May15 = KnownTime.StartOf(new DateOnly(2012, 5, 15));
    private static readonly DateTimeOffset Feb08 = KnownTime.StartOf(new DateOnly(2013, 2, 8));

    private static ReportedFact Fact(decimal value) =>
        Filing("X", "2012-05-15", Revenue(value, period: "2011-04-01/2012-03-31")).Check("IIJ", new Rejections())!.Facts.Single();

    private static LineItem Given(params ILineItemEvent[] history) => LineItem.Replay(history)!;

    [Fact]
    public void A_line_item_never_seen_is_reported_as_version_one()
    {
        var @event = ReportLineItem.Decide(null, Fact(1_000_000m), "F-1", May15);

        var reported = Assert.IsType<LineItemReported>(@event);
        Assert.Equal(1_000_000m, reported.Figure.Value);
        Assert.Equal(1, LineItem.Evolve(null, reported)!.Version);
    }

    [Fact]
    public void A_later_filing_with_the_same_value_confirms_it_and_is_kept_as_a_publication()
    {
        var state = Given(ReportLineItem.Decide(null, Fact(1_000_000m), "F-1", May15));

        var @event = ReportLineItem.Decide(state, Fact(1_000_000.000m), "F-2", Feb08);

        var confirmed = Assert.IsType<LineItemConfirmed>(@event);
        Assert.Equal(("F-2", 1), (confirmed.FilingId, confirmed.ConfirmedVersion));
        var after = LineItem.Evolve(state, confirmed)!;
        Assert.Equal((2, 2), (after.Version, after.Versions.Count));
        Assert.Equal((VersionCause.Confirmed, "F-2", 1_000_000.000m), (after.Versions[1].Cause, after.Versions[1].CausedBy, after.Versions[1].Figure.Value));
    }

    [Fact]
    public void A_later_filing_with_another_value_restates_the_version_in_force()
    {
        var state = Given(ReportLineItem.Decide(null, Fact(1_000_000m), "F-1", May15));

        var restated = Assert.IsType<LineItemRestated>(ReportLineItem.Decide(state, Fact(1_200_000m), "F-2", Feb08));

        Assert.Equal((1, 1_200_000m), (restated.Supersedes, restated.Figure.Value));
        var after = LineItem.Evolve(state, restated)!;
        Assert.Equal(1_200_000m, after.InEffectAt(Feb08)!.Figure.Value);
        Assert.Equal(1_000_000m, after.InEffectAt(Feb08.AddTicks(-10))!.Figure.Value);
    }

    [Fact]
    public void An_earlier_filing_entered_late_is_a_report_of_an_earlier_version()
    {
        var state = Given(ReportLineItem.Decide(null, Fact(1_200_000m), "F-2", Feb08));

        var @event = ReportLineItem.Decide(state, Fact(1_000_000m), "F-1", May15);

        Assert.IsType<LineItemReported>(@event);
        var after = LineItem.Evolve(state, @event)!;
        Assert.Equal(1_000_000m, after.InEffectAt(May15)!.Figure.Value);
        Assert.Equal(1_200_000m, after.InEffectAt(Feb08)!.Figure.Value);
    }

    [Fact]
    public void A_filing_decides_every_line_item_and_records_the_outcomes()
    {
        var command = Filing("F-2", "2013-02-08", Revenue(1_000_000m), OperatingIncome(300_000m)).Check("IIJ", new Rejections())!;
        var revenue = Given(ReportLineItem.Decide(null, command.Facts[0], "F-1", May15));

        var decision = Assert.IsType<FilingDecision.Append>(FilingDecision.Decide(command, null, new Dictionary<string, LineItem> { [revenue.Id] = revenue }));

        Assert.Equal([("confirmed", 2), ("reported", 1)], decision.Filing.LineItems.Select(l => (l.Outcome, l.Version)));
        Assert.Equal([1, 0], decision.LineItems.Select(l => l.ExpectedVersion));
    }

    [Fact]
    public void A_filing_stores_its_first_reports_and_confirmations_in_one_event_and_each_restatement_in_its_own_and_reads_back_every_one()
    {
        var command = Filing("F-2", "2013-02-08", Revenue(1_000_000m), OperatingIncome(300_000m), Revenue(900_000m, period: "2011-04-01/2011-12-31")).Check("IIJ", new Rejections())!;
        var known = new[] { Given(ReportLineItem.Decide(null, command.Facts[0], "F-1", May15)),
            Given(ReportLineItem.Decide(null, command.Facts[1] with { Figure = command.Facts[1].Figure with { Value = 250_000m } }, "F-1", May15)) };

        var decision = Assert.IsType<FilingDecision.Append>(FilingDecision.Decide(command, null, known.ToDictionary(l => l.Id)));
        var stored = decision.Events();

        Assert.Equal([typeof(FilingRecorded), typeof(LineItemsFiled), typeof(LineItemRestated)], stored.Select(e => e.GetType()));
        var filed = (LineItemsFiled)stored[1];
        Assert.Equal(("F-2", 1, 1), (filed.FilingId, filed.Reported.Count, filed.Confirmed.Count));
        Assert.Equal(decision.LineItems.Select(l => (l.LineItemId, (int?)l.ExpectedVersion + 1)).Order(),
            stored.SelectMany(LineItemEvents.In).Select(e => (e.LineItemId, e.Version)).Order());
    }

    [Fact]
    public void A_filing_already_recorded_is_answered_from_its_record_or_refused_when_its_content_differs()
    {
        var command = Filing("F-1", "2013-02-08", Revenue(1_000_000m)).Check("IIJ", new Rejections())!;
        var recorded = Assert.IsType<FilingDecision.Append>(FilingDecision.Decide(command, null, new Dictionary<string, LineItem>())).Filing;
        var changed = Filing("F-1", "2013-02-08", Revenue(2_000_000m)).Check("IIJ", new Rejections())!;

        Assert.IsType<FilingDecision.AlreadyRecorded>(FilingDecision.Decide(command, recorded, new Dictionary<string, LineItem>()));
        Assert.IsType<FilingDecision.Conflict>(FilingDecision.Decide(changed, recorded, new Dictionary<string, LineItem>()));
    }
}
