using Ledger.Domain.Filings;
using Ledger.Domain.LineItems;
using Ledger.Domain.Values;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Domain;

/// <summary>The rules a filing obeys before anything is decided, checked without a database.</summary>
public sealed class CheckingFilings
{
    private static IReadOnlyList<(string Field, string Code)> RejectionsOf(FilingInput filing, string entity = "IIJ")
    {
        var rejections = new Rejections();
        var command = filing.Check(entity, rejections);
        Assert.Equal(rejections.Any, command is null);
        return rejections.All.Select(r => (r.Field, r.Code)).ToList();
    }

    private static FilingInput WithFact(FactInput fact) => Filing("F-1", "2013-02-08", fact);

    [Fact]
    public void A_complete_filing_passes_with_its_facts_typed()
    {
        var rejections = new Rejections();

        var command = Filing("F-1", "2013-02-08", Revenue(76_690_090_000m)).Check("IIJ", rejections);

        Assert.False(rejections.Any);
        var fact = Assert.Single(command!.Facts);
        Assert.Equal("IIJ|Revenues|2012-04-01/2012-12-31|actual|", fact.Line.Id);
        Assert.Equal(76_690_090_000m, fact.Figure.Value);
        Assert.Equal(new DateTimeOffset(2013, 2, 8, 0, 0, 0, TimeSpan.Zero), command.KnownFrom);
    }

    [Fact]
    public void A_unit_that_is_not_a_measure_or_ratio_of_measures_is_refused() =>
        Assert.Equal([("facts[0].unit", "unit_unknown")], RejectionsOf(WithFact(Revenue(1000m) with { Unit = "JPY//share" })));

    [Fact]
    public void A_period_that_ends_before_it_starts_is_refused() =>
        Assert.Equal([("facts[0].period", "period_end_before_start")], RejectionsOf(WithFact(Revenue(1000m, period: "2012-12-31/2012-04-01"))));

    [Fact]
    public void A_period_that_is_not_iso_8601_is_refused() =>
        Assert.Equal([("facts[0].period", "period_invalid")], RejectionsOf(WithFact(Revenue(1000m, period: "FY2012"))));

    [Fact]
    public void A_missing_value_is_refused() =>
        Assert.Equal([("facts[0].value", "required")], RejectionsOf(WithFact(Revenue(1000m) with { Value = null })));

    [Fact]
    public void The_same_line_item_twice_is_refused() =>
        Assert.Equal([("facts[1]", "duplicate_line_item")], RejectionsOf(Filing("F-1", "2013-02-08", Revenue(1000m), Revenue(2000m))));

    [Fact]
    public void The_same_figure_printed_again_in_JPY_millions_is_another_publication_and_the_thousands_stay_the_figure()
    {
        var rejections = new Rejections();
        var millions = Revenue(21_709_000_000m) with { Decimals = -6, Source = "Summary (JPY millions)" };

        var command = Filing("F-1", "2013-02-08", millions, Revenue(21_708_308_000m)).Check("IIJ", rejections)!;

        Assert.False(rejections.Any);
        Assert.Equal((21_708_308_000m, -3), (command.Facts.Single().Figure.Value, command.Facts.Single().Figure.Decimals));
        var publication = command.Publications().Single();
        Assert.Equal((21_709_000_000m, -6, false), (publication.Value, publication.Decimals, publication.Consistent));
    }

    [Fact]
    public void The_same_concept_and_period_with_other_dimensions_is_another_line_item() =>
        Assert.Empty(RejectionsOf(Filing("F-1", "2013-02-08", Revenue(1000m), Revenue(4000m) with { Dimensions = new() { ["Segment"] = "AtmOperation" } })));

    [Fact]
    public void A_share_basis_on_a_monetary_figure_is_refused() =>
        Assert.Equal([("facts[0].shareBasisDate", "share_basis_not_applicable")], RejectionsOf(WithFact(Revenue(1000m) with { ShareBasisDate = "2012-09-30" })));

    [Fact]
    public void A_per_share_figure_without_a_share_basis_is_on_the_basis_of_its_publication_day()
    {
        var eps = new FactInput("EarningsPerShareBasic", "2012-04-01/2012-12-31", null, "actual", 76.78m, "JPY/share", 2, null, "Per-share data");
        var command = WithFact(eps).Check("IIJ", new Rejections())!;

        Assert.Equal(new DateOnly(2013, 2, 8), command.Facts.Single().Figure.ShareBasisDate);
    }

    [Fact]
    public void A_value_finer_than_its_published_precision_is_refused() =>
        Assert.Equal([("facts[0].value", "value_finer_than_decimals")], RejectionsOf(WithFact(Revenue(76_690_090_123m))));

    [Fact]
    public void A_huge_value_is_out_of_range_and_still_checked_against_its_precision_without_overflowing() =>
        Assert.Equal([("facts[0].value", "value_out_of_range"), ("facts[0].value", "value_finer_than_decimals")],
            RejectionsOf(WithFact(new FactInput("Revenues", "2012-04-01/2012-12-31", null, null, 79_000_000_000_000_000_000_000_000.5m, "JPY", 0, null, "s"))));

    [Fact]
    public void An_unknown_nature_is_refused() =>
        Assert.Equal([("facts[0].nature", "nature_unknown")], RejectionsOf(WithFact(Revenue(1000m) with { Nature = "guess" })));

    [Fact]
    public void A_known_time_without_an_offset_is_refused_as_ambiguous() =>
        Assert.Equal([("knownFrom", "known_time_invalid")], RejectionsOf(Filing("F-1", "2013-02-08T09:00:00", Revenue(1000m))));

    [Fact]
    public void A_filing_without_an_id_title_or_facts_names_all_three() =>
        Assert.Equal(
            [("filingId", "required"), ("title", "required"), ("facts", "required")],
            RejectionsOf(new FilingInput(KnownFrom: "2013-02-08")));

    [Fact]
    public void An_entity_code_that_is_not_ticker_like_is_refused() =>
        Assert.Equal([("entity", "entity_invalid")], RejectionsOf(Filing("F-1", "2013-02-08", Revenue(1000m)), entity: "iij inc"));

    [Fact]
    public void Every_bad_field_is_named_at_once()
    {
        var filing = Filing("F 1", "yesterday",
            Revenue(1000m) with { Unit = null, Decimals = null, Source = " " },
            new FactInput(Concept: "revenues", Period: "2012-04-01/2012-12-31", Value: 1m, Unit: "JPY", Decimals: 0, Source: "s"));

        Assert.Equal(
            [
                ("filingId", "id_invalid"), ("knownFrom", "known_time_invalid"),
                ("facts[0].unit", "required"), ("facts[0].decimals", "required"), ("facts[0].source", "required"),
                ("facts[1].concept", "concept_invalid"),
            ],
            RejectionsOf(filing));
    }

    [Fact]
    public void The_content_hash_ignores_layout_but_not_content()
    {
        var command = Filing("F-1", "2013-02-08", Revenue(1000m), OperatingIncome(2000m)).Check("IIJ", new Rejections())!;
        var reordered = Filing("F-1", "2013-02-08T00:00:00+00:00", OperatingIncome(2000.00m), Revenue(1000m)).Check("IIJ", new Rejections())!;
        var changed = Filing("F-1", "2013-02-08", Revenue(1000m), OperatingIncome(3000m)).Check("IIJ", new Rejections())!;

        Assert.Equal(command.ContentHash(), reordered.ContentHash());
        Assert.NotEqual(command.ContentHash(), changed.ContentHash());
    }
}
