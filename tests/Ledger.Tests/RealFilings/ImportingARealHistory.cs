using System.Net;
using Ledger.Api.Facts;
using Ledger.Api.Imports;
using Ledger.Tests.Infrastructure;

namespace Ledger.Tests.RealFilings;

/// <summary>Tesla's whole published history imported through the endpoint and the command: every filing accounted for.</summary>
[Collection(LedgerApiCollection.Name)]
public sealed class ImportingARealHistory(LedgerApi api)
{
    [Fact]
    public async Task Through_the_endpoint_every_filing_is_recorded_in_filing_order_titled_from_form_and_fiscal_period()
    {
        var result = await TeslaHistory.GivenImportedAsync(api);

        Assert.Equal((50, 50, 0, 0, 17_718), (result.Filings, result.Recorded, result.AlreadyRecorded, result.Refused, result.FactsRead));
        Assert.Equal(("0001193125-11-221497", "10-Q Q2 2011", "2011-08-12"), (result.Results[0].FilingId, result.Results[0].Title, result.Results[0].KnownFrom));
        Assert.Equal(("0000950170-22-019867", "10-Q Q3 2022"), (result.Results[^1].FilingId, result.Results[^1].Title));
        Assert.Equal(result.Results.Select(r => r.KnownFrom).Order(StringComparer.Ordinal), result.Results.Select(r => r.KnownFrom));
        Assert.Equal(17_718, result.Results.Sum(r => r.Reported + r.Confirmed + r.Restated));
    }

    [Fact]
    public async Task A_re_import_through_the_endpoint_appends_nothing_and_answers_already_recorded()
    {
        await TeslaHistory.GivenImportedAsync(api);
        var events = await api.EventCountAsync();

        var (status, again) = await TeslaHistory.PostCompanyFactsAsync(api, "TSLA");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((50, 0, 50, 0), (again.Filings, again.Recorded, again.AlreadyRecorded, again.Refused));
        Assert.Equal(events, await api.EventCountAsync());
    }

    [Fact]
    public async Task Each_fact_keeps_its_provenance_and_says_its_decimals_were_inferred()
    {
        await TeslaHistory.GivenImportedAsync(api);

        var facts = await api.GetAsync<FactsAnswer>("/api/entities/TSLA/facts?asOf=2021-10-25&concept=EarningsPerShareBasic&period=2020-07-01/2020-09-30&basis=as-reported");

        // The third quarter of 2020 as the 10-Q of a year later repeated it: the latest publication, with the frame EDGAR gave it.
        var eps = Assert.Single(facts.Facts);
        Assert.Equal((0.32m, 2, "USD/shares"), (eps.Value, eps.Decimals, eps.Unit));
        Assert.Equal("10-Q Q3 2021 (accession 0000950170-21-002253, frame CY2020Q3)", eps.Source);
        Assert.Equal(("confirmed", "0000950170-21-002253"), (eps.Cause, eps.CausedBy));
        Assert.Equal("decimals inferred from the digits written: companyfacts carries no precision", eps.Note);
    }
}
