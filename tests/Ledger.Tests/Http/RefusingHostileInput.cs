using System.Net;
using System.Net.Http.Json;
using System.Text;
using Ledger.Domain.Filings;
using Ledger.Domain.LineItems;
using Ledger.Tests.Infrastructure;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Http;

/// <summary>
/// What a hostile-but-fair tester sends: placeholder dates, a JSON null, NUL characters, numbers at decimal's
/// limit, huge texts and bodies, wrong methods and media types. Each gets a problem document with its own code,
/// never a 500, and appends nothing.
/// </summary>
[Collection(LedgerApiCollection.Name)]
public sealed class RefusingHostileInput(LedgerApi api)
{
    private const string Quarter = "2012-04-01/2012-12-31";

    [Theory]
    [InlineData("facts?asOf=9999-12-31", "asOf")]
    [InlineData("facts?asOf=0001-01-01", "asOf")]
    [InlineData("facts?recordedAsOf=9999-12-31", "recordedAsOf")]
    [InlineData("facts?asOf=9999-12-31T23:59:59Z", "asOf")]
    [InlineData("statements/income?period=" + Quarter + "&asOf=9999-12-31", "asOf")]
    [InlineData("statements/income/changes?period=" + Quarter + "&from=2013-01-01&to=9999-12-31", "asOf")]
    [InlineData("statements/income/changes?period=" + Quarter + "&from=9999-12-31&to=2013-01-01", "asOf")]
    [InlineData("facts?period=0001-01-01/9999-12-31", "period")]
    public async Task A_placeholder_date_is_refused_as_out_of_range(string query, string field)
    {
        var response = await api.Client.GetAsync($"/api/entities/{NewEntity()}/{query}");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(problem.Errors, e => e.Code == "date_out_of_range" && e.Field == field);
    }

    [Theory]
    [InlineData("filings")]
    [InlineData("revisions")]
    [InlineData("splits")]
    [InlineData("reclassifications")]
    public async Task A_json_null_body_is_a_bad_request(string route)
    {
        var response = await api.Client.PostAsync($"/api/entities/{NewEntity()}/{route}", Json("null"));

        Assert.Equal("request_invalid", (await Problem.ReadAsync(response, HttpStatusCode.BadRequest)).Code);
    }

    [Fact]
    public async Task A_json_null_body_to_the_switch_is_a_bad_request()
    {
        var response = await api.Client.PostAsync("/api/admin/projections/line-item-versions/switch", Json("null"));

        Assert.Equal("request_invalid", (await Problem.ReadAsync(response, HttpStatusCode.BadRequest)).Code);
    }

    [Fact]
    public async Task Nul_characters_in_a_title_or_source_are_refused_and_leave_no_row_in_the_event_table()
    {
        var entity = NewEntity();
        var events = await api.EventCountAsync();

        var title = await api.PostFilingAsync(entity, Filing("F-1", "2013-02-08", Revenue(1_000m)) with { Title = "Q3\0 report" });
        var source = await api.PostFilingAsync(entity, Filing("F-2", "2013-02-08", Revenue(1_000m, source: "Income\0statement")));

        Assert.Contains((await Problem.ReadAsync(title, HttpStatusCode.BadRequest)).Errors, e => (e.Field, e.Code) == ("title", "text_invalid"));
        Assert.Contains((await Problem.ReadAsync(source, HttpStatusCode.BadRequest)).Errors, e => (e.Field, e.Code) == ("facts[0].source", "text_invalid"));
        Assert.Equal(events, await api.EventCountAsync());
    }

    [Theory]
    [InlineData("/api/entities/IIJ/facts?concept=%00")]
    [InlineData("/api/entities/IIJ/facts?period=2012-12-31%00")]
    [InlineData("/api/entities/IIJ/facts/Revenues/history?period=2012-12-31&dimensions=%01")]
    public async Task A_nul_character_in_a_query_is_refused(string url)
    {
        var response = await api.Client.GetAsync(url);

        Assert.Equal("text_invalid", (await Problem.ReadAsync(response, HttpStatusCode.BadRequest)).Code);
    }

    [Fact]
    public async Task A_value_at_decimals_limit_is_refused_as_out_of_range()
    {
        var response = await api.PostFilingAsync(NewEntity(), Filing("F-1", "2013-02-08", SharesOutstanding(79228162514264337593543950335m)));

        Assert.Contains((await Problem.ReadAsync(response, HttpStatusCode.BadRequest)).Errors, e => (e.Field, e.Code) == ("facts[0].value", "value_out_of_range"));
    }

    [Fact]
    public async Task A_reclassification_of_decimals_largest_value_is_refused_as_out_of_range()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("F-1", "2013-02-08", Revenue(1_000_000m), OperatingIncome(200_000m)));

        var response = await api.Client.PostAsJsonAsync($"/api/entities/{entity}/reclassifications", new
        {
            reclassificationId = "RC-1", period = Quarter, from = new { concept = "Revenues" }, to = new { concept = "OperatingIncomeLoss" },
            amount = 79228162514264337593543950335m, knownFrom = "2013-03-01", reason = "presentation",
        }, LedgerApi.Json);

        Assert.Contains((await Problem.ReadAsync(response, HttpStatusCode.BadRequest)).Errors, e => (e.Field, e.Code) == ("amount", "value_out_of_range"));
    }

    [Fact]
    public async Task A_split_beyond_one_to_a_million_is_refused()
    {
        var response = await api.PostSplitAsync(NewEntity(), Split("S-1", 1, int.MaxValue, "2012-10-01", "2012-09-01"));

        Assert.Contains((await Problem.ReadAsync(response, HttpStatusCode.BadRequest)).Errors, e => (e.Field, e.Code) == ("to", "ratio_invalid"));
    }

    [Fact]
    public async Task Splits_that_would_multiply_out_beyond_the_limit_are_unprocessable_and_append_nothing()
    {
        var entity = NewEntity();
        Assert.Equal(HttpStatusCode.Created, (await api.PostSplitAsync(entity, Split("S-1", 1, 1_000_000, "2012-10-01", "2012-09-01"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostSplitAsync(entity, Split("S-2", 1, 1_000_000, "2013-10-01", "2013-09-01"))).StatusCode);
        var events = await api.EventCountAsync();

        var third = await api.PostSplitAsync(entity, Split("S-3", 1, 2, "2014-10-01", "2014-09-01"));

        Assert.Equal("splits_out_of_range", (await Problem.ReadAsync(third, HttpStatusCode.UnprocessableEntity)).Code);
        Assert.Equal(events, await api.EventCountAsync());
    }

    [Fact]
    public async Task A_title_over_its_limit_is_refused_with_the_limit_named()
    {
        var response = await api.PostFilingAsync(NewEntity(), Filing("F-1", "2013-02-08", Revenue(1_000m)) with { Title = new string('x', 1_000_000) });

        var error = Assert.Single((await Problem.ReadAsync(response, HttpStatusCode.BadRequest)).Errors);
        Assert.Equal(("title", "text_too_long"), (error.Field, error.Code));
        Assert.Contains("at most 500", error.Message);
    }

    [Fact]
    public async Task A_filing_of_5001_facts_gets_its_own_code()
    {
        var facts = Enumerable.Range(0, FilingInput.MaxFacts + 1).Select(i => Revenue(1_000m) with { Concept = $"Concept{i}" }).ToArray();

        var response = await api.PostFilingAsync(NewEntity(), Filing("F-1", "2013-02-08", facts));

        var error = Assert.Single((await Problem.ReadAsync(response, HttpStatusCode.BadRequest)).Errors);
        Assert.Equal(("facts", "too_many_facts"), (error.Field, error.Code));
    }

    [Fact]
    public async Task Duplicate_json_keys_are_a_bad_request()
    {
        var body = """{"filingId":"F-1","filingId":"F-2","title":"t","knownFrom":"2013-02-08","facts":[]}""";

        var response = await api.Client.PostAsync($"/api/entities/{NewEntity()}/filings", Json(body));

        Assert.Equal("request_invalid", (await Problem.ReadAsync(response, HttpStatusCode.BadRequest)).Code);
    }

    [Fact]
    public async Task A_body_over_16_mib_is_refused_before_it_is_read()
    {
        var body = new ByteArrayContent(new byte[16 * 1024 * 1024 + 1]);
        body.Headers.ContentType = new("application/json");

        var response = await api.Client.PostAsync($"/api/entities/{NewEntity()}/filings", body);

        Assert.Equal("body_too_large", (await Problem.ReadAsync(response, HttpStatusCode.RequestEntityTooLarge)).Code);
    }

    [Fact]
    public async Task An_import_is_read_past_16_mib_up_to_its_own_limit_of_64_mib()
    {
        var route = $"/api/entities/{NewEntity()}/imports/xbrl-json";

        var over16 = await api.Client.PostAsync(route, Bytes(16 * 1024 * 1024 + 1));
        var over64 = await api.Client.PostAsync(route, Bytes(64 * 1024 * 1024 + 1));

        Assert.Contains((await Problem.ReadAsync(over16, HttpStatusCode.BadRequest)).Errors, e => e.Code == "import_malformed");
        Assert.Equal("import_too_large", (await Problem.ReadAsync(over64, HttpStatusCode.RequestEntityTooLarge)).Code);
    }

    private static ByteArrayContent Bytes(int count)
    {
        var body = new ByteArrayContent(new byte[count]);
        body.Headers.ContentType = new("application/json");
        return body;
    }

    [Fact]
    public async Task A_request_target_over_4096_characters_is_refused()
    {
        var response = await api.Client.GetAsync($"/api/entities/IIJ/facts?concept={new string('A', 5_000)}");

        Assert.Equal("uri_too_long", (await Problem.ReadAsync(response, HttpStatusCode.RequestUriTooLong)).Code);
    }

    [Fact]
    public async Task A_wrong_method_and_a_wrong_media_type_get_their_own_codes()
    {
        var method = await api.Client.GetAsync($"/api/entities/{NewEntity()}/revisions");
        var media = await api.Client.PostAsync($"/api/entities/{NewEntity()}/filings", new StringContent("filingId=F-1", Encoding.UTF8, "text/plain"));

        Assert.Equal("method_not_allowed", (await Problem.ReadAsync(method, HttpStatusCode.MethodNotAllowed)).Code);
        Assert.Equal("media_type_unsupported", (await Problem.ReadAsync(media, HttpStatusCode.UnsupportedMediaType)).Code);
    }

    [Fact]
    public async Task Concurrent_filings_touching_the_same_line_items_in_different_orders_never_fail_with_a_server_error()
    {
        var entity = NewEntity();
        var lines = Enumerable.Range(0, 20).Select(i => Revenue(1_000m) with { Concept = $"Line{i}" }).ToList();
        await api.PostFilingAsync(entity, Filing("F-0", "2013-02-08", [.. lines]));

        // Each writer restates every line, in its own order: PostgreSQL may deadlock two of them.
        var writers = Enumerable.Range(1, 8).Select(w => api.PostFilingAsync(entity,
            Filing($"F-{w}", "2013-03-01", [.. lines.Select(l => l with { Value = 1_000m * (w + 1) }).OrderBy(_ => Random.Shared.Next())])));
        var responses = await Task.WhenAll(writers);

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{(int)r.StatusCode}"));
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
            Assert.Equal("concurrent_change", (await Problem.ReadAsync(refused, HttpStatusCode.Conflict)).Code);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
