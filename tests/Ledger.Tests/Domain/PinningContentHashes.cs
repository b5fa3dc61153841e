using Ledger.Domain.Filings;
using Ledger.Domain.LineItems;
using Ledger.Domain.Reclassifications;
using Ledger.Domain.Revisions;
using Ledger.Domain.ShareBasis;
using Ledger.Domain.Values;

namespace Ledger.Tests.Domain;

/// <summary>
/// Every recorded command keeps the content hash it was stored with: a retry is answered from the record only while
/// the hash of the same request is the same. These are the hashes commands had when the ledger first stored them;
/// a change to how a hash is computed fails here before a single stored filing stops matching its retries.
/// </summary>
public sealed class PinningContentHashes
{
    private static readonly DateTimeOffset Feb08 = new(2013, 2, 8, 0, 0, 0, TimeSpan.Zero);
    private static readonly LineItemIdentity Revenue = new("IIJ", "Revenues", "2012-04-01/2012-12-31", Dimensions.None, Nature.Actual);
    private static readonly LineItemIdentity Other = new("IIJ", "OtherRevenue", "2012-04-01/2012-12-31",
        Dimensions.Of(new Dictionary<string, string> { ["Segment"] = "AtmOperation" }), Nature.Actual);
    private static readonly LineItemIdentity Dividend = new("IIJ", "CommonStockDividendsPerShareDeclared", "2011-04-01/2012-03-31", Dimensions.None, Nature.Forecast);

    private static ReportedFact Fact(LineItemIdentity line, decimal value, int decimals = -3, string unit = "JPY", DateOnly? basis = null,
        string? note = null, string? derivedFrom = null, ValueRange? range = null) =>
        new(line, new Figure(value, unit, decimals, basis, "Income statement", note, derivedFrom, range));

    [Fact]
    public void A_filing_hashes_as_it_always_has()
    {
        var filing = new RecordFiling("IIJ", "F-1", "Q3 FY2012", Feb08,
            [Fact(Revenue, 1_000_000.000m), Fact(Other, 250_000m, note: "restated", derivedFrom: "sum")]);

        Assert.Equal("6b7fe9a03804403a06d066b645247a11b9a7261232f17be09330d50a38c8cf78", filing.ContentHash());
    }

    [Fact]
    public void A_filing_that_repeats_a_figure_at_a_coarser_precision_hashes_as_it_always_has()
    {
        var filing = new RecordFiling("IIJ", "F-2", "Q3 FY2012", Feb08, [Fact(Revenue, 1_234_000m)], [Fact(Revenue, 1_000_000m, decimals: -6)]);

        Assert.Equal("7d3fdfe06db466dea1679a245c05fc9890a35d9f36202157be857289b60af44e", filing.ContentHash());
    }

    [Fact]
    public void A_filing_with_a_truncated_figure_hashes_as_it_always_has()
    {
        var filing = new RecordFiling("IIJ", "F-3", "Q3 FY2012", Feb08, [Fact(Revenue, 165_260_000m, range: new ValueRange(165_260_000m, 165_269_000m))]);

        Assert.Equal("bba07662f26ec688134f69a831d9b1cf648b1e5bb6922b204041fd7f6ec607d0", filing.ContentHash());
    }

    [Fact]
    public void A_revision_hashes_as_it_always_has_whatever_version_it_expects()
    {
        var revision = new ReviseLineItem("IIJ", "R-1", Fact(Dividend, 10.00m, 2, "JPY/share", new DateOnly(2013, 2, 8), note: "forecast"),
            Feb08, "Forecast revised", ExpectedVersion: 2);

        Assert.Equal("e390f1a427c1a6790115e0cc00fe8aa51ed1f2e59d30c7d3078804c69ea001e4", revision.ContentHash());
        Assert.Equal(revision.ContentHash(), (revision with { ExpectedVersion = null }).ContentHash());
    }

    [Fact]
    public void A_split_hashes_as_it_always_has()
    {
        var split = new RecordSplit("IIJ", "S-1", 1, 200, new DateOnly(2012, 10, 1), new DateTimeOffset(2012, 9, 1, 9, 0, 0, TimeSpan.FromHours(9)));

        Assert.Equal("d589fb54de22b0cd53dc8af20521a51f53c4d6ca75ed66e3018a263f14b9a235", split.ContentHash());
    }

    [Fact]
    public void A_reclassification_hashes_as_it_always_has()
    {
        var reclassification = new ReclassifyAmount("IIJ", "C-1", Revenue, Other, 12_500.50m, Feb08, "Presentation change", "Note 4");

        Assert.Equal("95d41331f5c2d0ad173602696095b7bc09bdfc1c112423c2bf6c125ac9caa89e", reclassification.ContentHash());
    }
}
