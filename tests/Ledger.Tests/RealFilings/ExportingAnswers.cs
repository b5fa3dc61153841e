using System.Net;
using System.Text.Json.Nodes;
using Ledger.Api.Facts;
using Ledger.Api.Imports;
using Ledger.Tests.Infrastructure;

namespace Ledger.Tests.RealFilings;

/// <summary>Statements and facts as CSV and as xBRL-JSON reports, and an export imported back giving the same answers.</summary>
[Collection(LedgerApiCollection.Name)]
public sealed class ExportingAnswers(LedgerApi api) : IAsyncLifetime
{
    private const string Income = "/api/entities/IIJ/statements/income?period=2012-04-01/2012-12-31&asOf=2013-02-08";

    public Task InitializeAsync() => api.GivenTheWorkedExampleAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_income_statement_as_csv_has_one_row_per_line_with_its_provenance()
    {
        var response = await api.Client.GetAsync($"{Income}&format=csv");

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var rows = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("key,label,concept,period,dimensions,nature,value,unit,decimals,share_basis_date,", rows[0]);
        var revenues = rows.Single(r => r.StartsWith("rev.total,", StringComparison.Ordinal));
        Assert.StartsWith("rev.total,Total revenues,Revenues,2012-04-01/2012-12-31,,actual,76690090000,JPY,-3,,76690090000,-3,,,restated,2013-02-08T23:59:59.999999Z,", revenues);
        Assert.Contains(",1,2013-02-08T00:00:00Z,", revenues);
        Assert.EndsWith(",reported,IIJ-2013-02-08-3Q-FY2012,,Quarterly Consolidated Statements of Income (nine months): Total revenues,,false", revenues);
    }

    [Fact]
    public async Task The_accept_header_asks_for_csv_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Income);
        request.Headers.Accept.ParseAdd("text/csv");

        var response = await api.Client.SendAsync(request);

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_income_statement_as_xbrl_json_follows_oim_periods_values_and_decimals()
    {
        var answer = await api.Client.GetAsync($"{Income}&format=xbrl-json");
        Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
        var report = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;

        Assert.Equal("https://xbrl.org/2021/xbrl-json", (string)report["documentInfo"]!["documentType"]!);
        var revenues = report["facts"]!.AsObject().Select(f => f.Value!)
            .Single(f => (string)f["dimensions"]!["concept"]! == "us-gaap:Revenues" && f["dimensions"]!.AsObject().Count == 4);
        Assert.Equal("76690090000", (string)revenues["value"]!);
        Assert.Equal(-3, (int)revenues["decimals"]!);
        Assert.Equal("2012-04-01T00:00:00/2013-01-01T00:00:00", (string)revenues["dimensions"]!["period"]!);
        Assert.Equal("iso4217:JPY", (string)revenues["dimensions"]!["unit"]!);
        Assert.Equal("IIJ-2013-02-08-3Q-FY2012", (string)revenues["ledger:provenance"]!["causedBy"]!);
    }

    [Fact]
    public async Task An_unknown_format_is_refused_by_name()
    {
        var problem = await Problem.ReadAsync(await api.Client.GetAsync($"{Income}&format=xlsx"), HttpStatusCode.BadRequest);

        Assert.Equal([("format", "format_unknown")], problem.Errors.Select(e => (e.Field, e.Code)));
    }

    [Fact]
    public async Task Round_trip_the_worked_examples_facts_exported_and_imported_into_a_new_entity_give_the_same_as_of_answer()
    {
        const string asOf = "2013-02-08";
        var exported = await api.Client.GetStringAsync($"/api/entities/IIJ/facts?asOf={asOf}&basis=as-reported&format=xbrl-json");

        using var body = new StringContent(exported, System.Text.Encoding.UTF8, "application/json");
        var imported = await api.Client.PostAsync($"/api/entities/IIJ-RT/imports/xbrl-json?filingId=IIJ-export-{asOf}&title=IIJ+export&knownFrom={asOf}", body);
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());

        static async Task<List<string>> AnswerAsync(LedgerApi api, string entity) =>
            (await api.GetAsync<FactsAnswer>($"/api/entities/{entity}/facts?asOf={asOf}&basis=as-reported")).Facts
            .Select(f => $"{f.Concept}|{f.Period}|{Ledger.Domain.Values.Dimensions.Canonical(f.Dimensions)}|{f.Nature}|{f.Value}|{f.Unit}|{f.Decimals}|{f.ShareBasisDate}")
            .ToList();
        var original = await AnswerAsync(api, "IIJ");
        Assert.NotEmpty(original);
        Assert.Equal(original, await AnswerAsync(api, "IIJ-RT"));
    }

    [Fact]
    public async Task A_real_xbrl_json_report_is_one_filing_and_a_second_import_appends_nothing()
    {
        async Task<HttpResponseMessage> PostAsync()
        {
            using var body = new StringContent(await File.ReadAllTextAsync(TeslaHistory.Q3Report), System.Text.Encoding.UTF8, "application/json");
            return await api.Client.PostAsync("/api/entities/TSLA-OIM/imports/xbrl-json", body);
        }

        var first = await PostAsync();
        var events = await api.EventCountAsync();
        var second = await PostAsync();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var result = System.Text.Json.JsonSerializer.Deserialize<ImportResult>(await first.Content.ReadAsStringAsync(), LedgerApi.Json)!;
        Assert.Equal(("0001564590-20-047486", "10-Q Q3 2020", "2020-10-26", 398), (result.Results[0].FilingId, result.Results[0].Title, result.Results[0].KnownFrom, result.FactsRead));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(events, await api.EventCountAsync());
        var eps = Assert.Single((await api.GetAsync<FactsAnswer>("/api/entities/TSLA-OIM/facts?asOf=2020-10-26&concept=EarningsPerShareBasic&period=2020-07-01/2020-09-30")).Facts);
        Assert.Equal((0.32m, 2, "USD/shares"), (eps.Value, eps.Decimals, eps.Unit));
    }

    [Fact]
    public async Task An_xbrl_json_fact_with_an_undeclared_prefix_is_refused_by_its_id_and_nothing_is_recorded()
    {
        var report = JsonNode.Parse(await File.ReadAllTextAsync(TeslaHistory.Q3Report))!;
        report["facts"]!["f3"]!["dimensions"]!["concept"] = "nope:Revenues";
        var events = await api.EventCountAsync();

        using var body = new StringContent(report.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        var response = await api.Client.PostAsync("/api/entities/TSLA-OIM-BAD/imports/xbrl-json", body);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal([("facts.f3.dimensions.concept", "import_malformed")], problem.Errors.Select(e => (e.Field, e.Code)));
        Assert.Equal(events, await api.EventCountAsync());
    }
}
