using Ledger.Domain.Filings;
using Ledger.Domain.LineItems;
using Ledger.Domain.Reclassifications;
using Ledger.Domain.Revisions;
using Ledger.Domain.ShareBasis;
using Ledger.Domain.Values;
using Ledger.Projections;
using Ledger.Api.Hosting;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Snapshooter.Xunit;
using Weasel.Core;

namespace Ledger.Tests.Events;

/// <summary>
/// The JSON of every stored event, as Marten writes it. Stored events are never rewritten, so a change to one of
/// these shapes must be deliberate: update the snapshot and say in the change how old events still read. (Line-item
/// events gained their line item's version when they moved from per-line-item streams into their command's stream;
/// those stored before read back without one, and their stream position is their version. A filing's first reports and
/// confirmations are now stored together in one LineItemsFiled; those stored one by one before still read as they are.)
/// </summary>
public sealed class StoredEventShapes
{
    private static readonly Marten.ISerializer Serializer = CreateSerializer();

    private static readonly LineItemIdentity YearEndDividend = new("IIJ", "CommonStockDividendsPerShareDeclared", "2012-04-01/2013-03-31",
        Dimensions.Of([new("DividendPayment", "YearEnd")]), Nature.Forecast);
    private static readonly Figure Reported = new(1_750.00m, "JPY/share", 2, new DateOnly(2012, 5, 15), "Dividend plan", null, "previous JPY8.75 × 200");
    private static readonly Figure Revised = new(10.00m, "JPY/share", 2, new DateOnly(2013, 2, 8), "Revision of FY2012 Year-end Dividend Forecast");
    private static readonly DateTimeOffset May15 = new(2012, 5, 15, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Feb08 = new(2013, 2, 8, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The serializer the API host itself configures (not a copy of its settings): the host is built, not started,
    /// so nothing connects to the database named here.
    /// </summary>
    private static Marten.ISerializer CreateSerializer()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder();
        builder.Configuration[Ledger.Api.Hosting.LedgerHosting.ConnectionStringKey] = "Host=127.0.0.1;Database=never_opened";
        builder.AddLedger();
        var app = builder.Build();
        return app.Services.GetRequiredService<IDocumentStore>().Options.Serializer();
    }

    private static void Matches(object @event, string name) => Snapshot.Match(Serializer.ToJson(@event), name);

    [Fact]
    public void Line_item_reported() =>
        Matches(new LineItemReported(YearEndDividend.Id, YearEndDividend, Reported, "IIJ-2012-05-15", May15, Version: 1), nameof(LineItemReported));

    [Fact]
    public void Line_item_confirmed() =>
        Matches(new LineItemConfirmed(YearEndDividend.Id, "IIJ-2013-02-08", Feb08, "Dividends table", 1, Reported, Version: 2), nameof(LineItemConfirmed));

    [Fact]
    public void A_confirmation_stored_before_publications_were_kept_still_reads_back_without_a_figure()
    {
        const string stored = """{"lineItemId":"x","filingId":"F-2","knownFrom":"2013-02-08T00:00:00+00:00","source":"s","confirmedVersion":1}""";

        var read = Serializer.FromJson<LineItemConfirmed>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stored)));

        Assert.Equal((1, null), (read.ConfirmedVersion, read.Figure));
    }

    [Fact]
    public void A_line_item_event_stored_in_the_line_items_own_stream_reads_back_without_a_version_its_stream_position_being_it()
    {
        const string stored = """
            {"lineItemId":"x","line":{"entity":"IIJ","concept":"Revenues","period":"2012-04-01/2012-12-31","dimensions":{},"nature":"Actual"},"figure":{"value":1.0,"unit":"JPY","decimals":0,"source":"s"},"filingId":"F-1","knownFrom":"2013-02-08T00:00:00+00:00"}
            """;

        var read = Serializer.FromJson<LineItemReported>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stored)));

        Assert.Equal(("F-1", null), (read.FilingId, read.Version));
    }

    [Fact]
    public void Line_items_filed() =>
        Matches(new LineItemsFiled("IIJ-2013-02-08",
            [new LineItemReported(YearEndDividend.Id, YearEndDividend, Reported, "IIJ-2013-02-08", Feb08, Version: 1)],
            [new LineItemConfirmed(YearEndDividend.Id, "IIJ-2013-02-08", Feb08, "Dividends table", 1, Reported, Version: 2)]), nameof(LineItemsFiled));

    [Fact]
    public void Line_item_restated() =>
        Matches(new LineItemRestated(YearEndDividend.Id, YearEndDividend, Revised, "IIJ-2013-02-08", Feb08, 1, Reported, Version: 2), nameof(LineItemRestated));

    [Fact]
    public void Line_item_revised() =>
        Matches(new LineItemRevised(YearEndDividend.Id, YearEndDividend, Revised, "R-1", Feb08, "Forecast raised", 1, Reported, Version: 2), nameof(LineItemRevised));

    [Fact]
    public void Filing_recorded() =>
        Matches(new FilingRecorded("IIJ-2013-02-08", "IIJ", "Nine months results", Feb08, "ab12", [new FiledLineItem(YearEndDividend.Id, 2, "confirmed")]), nameof(FilingRecorded));

    [Fact]
    public void Share_basis_changed() =>
        Matches(new ShareBasisChanged("IIJ", "S-1", 1, 200, new DateOnly(2012, 10, 1), new DateTimeOffset(2012, 10, 1, 0, 0, 0, TimeSpan.Zero), "cd34"), nameof(ShareBasisChanged));

    [Fact]
    public void Revision_recorded() =>
        Matches(new RevisionRecorded("IIJ", "R-1", YearEndDividend.Id, 3, "ef56"), nameof(RevisionRecorded));

    [Fact]
    public void Amount_reclassified()
    {
        var other = YearEndDividend with { Concept = "Other" };
        var from = new LineItemReclassified(YearEndDividend.Id, YearEndDividend, Revised, "RC-1", Feb08, "presentation", 1, Reported, other.Id, -1_740.00m, Version: 2);
        var to = new LineItemReclassified(other.Id, other, Reported, "RC-1", Feb08, "presentation", 1, Revised, YearEndDividend.Id, 1_740.00m, Version: 2);
        Matches(new AmountReclassified("IIJ", "RC-1", Feb08, "presentation", 1_740.00m, from, to, "0a1b"), nameof(AmountReclassified));
    }
}
