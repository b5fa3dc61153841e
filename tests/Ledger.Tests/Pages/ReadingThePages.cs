using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Ledger.Api.Access;
using Ledger.Tests.Infrastructure;
using Microsoft.Playwright;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Pages;

/// <summary>
/// Compliance staff reading the worked example in Chromium: they pick dates, toggle the basis, open a line's
/// history and watch the feed, the way a person does it, with a screenshot of each page.
/// </summary>
public sealed partial class ReadingThePages(PagesInBrowser browser) : IClassFixture<PagesInBrowser>
{
    private const string Fy2011 = "2011-04-01/2012-03-31";

    private static ILocator ValueOf(IPage page, string key) => page.Locator($"tr[data-key='{key}'] td.num .value");

    [Fact]
    public async Task The_entity_list_leads_to_the_worked_examples_statements()
    {
        var page = await browser.OpenAsync("/ui/");

        await page.GetByRole(AriaRole.Link, new() { Name = "Dividends per share" }).First.ClickAsync();

        await page.WaitForURLAsync(new Regex("/ui/entities/IIJ/statements/dividends\\?period="));
        Assert.Equal("Dividends per share · IIJ", await page.Locator("h1").TextContentAsync());
        await PagesInBrowser.ScreenshotAsync(await browser.OpenAsync("/ui/"), "entities");
    }

    [Fact]
    public async Task Picking_the_split_date_changes_the_FY2011_year_end_dividend_from_1_750_to_8_75_marked_restated()
    {
        var page = await browser.OpenAsync($"/ui/entities/IIJ/statements/dividends?period={Fy2011}&asOf=2012-09-30");
        Assert.Equal("1,750.00", await ValueOf(page, "yearEnd").TextContentAsync());

        // When the reader picks 1 October 2012, the day the 1:200 split took effect.
        await page.GetByLabel("As of (known by the end of)").FillAsync("2012-10-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("asOf=2012-10-01"));
        Assert.Equal("8.75", await ValueOf(page, "yearEnd").TextContentAsync());
        var row = page.Locator("tr[data-key='yearEnd']");
        Assert.Contains("restated", await row.Locator(".tag.restated").TextContentAsync());
        Assert.Contains("Reported 1,750.00", await row.Locator(".provenance").TextContentAsync());
        Assert.Equal("16.25", await ValueOf(page, "total").TextContentAsync());
        await PagesInBrowser.ScreenshotAsync(page, "statement");
    }

    [Fact]
    public async Task Toggling_the_basis_to_as_reported_shows_the_published_1_750_again_in_a_bookmarkable_url()
    {
        var page = await browser.OpenAsync($"/ui/entities/IIJ/statements/dividends?period={Fy2011}&asOf=2012-10-01");
        Assert.Equal("8.75", await ValueOf(page, "yearEnd").TextContentAsync());

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Basis" }).GetByRole(AriaRole.Link, new() { Name = "As reported" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("basis=as-reported"));
        Assert.Equal("1,750.00", await ValueOf(page, "yearEnd").TextContentAsync());
        Assert.Equal("3,250.00", await ValueOf(page, "total").TextContentAsync());
        // The same URL, opened afresh, is the same page.
        var again = await browser.OpenAsync(page.Url);
        Assert.Equal("1,750.00", await ValueOf(again, "yearEnd").TextContentAsync());
    }

    [Fact]
    public async Task The_csv_download_of_a_statement_holds_the_restated_dividend_with_its_reported_value()
    {
        var page = await browser.OpenAsync($"/ui/entities/IIJ/statements/dividends?period={Fy2011}&asOf=2012-10-01");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "CSV", Exact = true }).ClickAsync());

        var csv = await File.ReadAllLinesAsync(await download.PathAsync());
        var header = csv[0].Split(',');
        var yearEnd = csv.Single(line => line.StartsWith("yearEnd,", StringComparison.Ordinal)).Split(',');
        decimal Column(string name) => decimal.Parse(yearEnd[Array.IndexOf(header, name)], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(8.75m, Column("value"));
        Assert.Equal(1750m, Column("reported_value"));
    }

    [Fact]
    public async Task Changes_since_the_day_before_the_revision_are_highlighted_with_the_old_value()
    {
        var page = await browser.OpenAsync($"/ui/entities/IIJ/statements/dividends?period=2012-04-01/2013-03-31&asOf=2013-02-08");

        await page.GetByLabel("Highlight changes since").FillAsync("2013-02-07");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("since=2013-02-07"));
        var row = page.Locator("tr.changed[data-key='forecast.yearEnd']");
        Assert.Equal("10.00", await row.Locator(".value").TextContentAsync());
        Assert.Equal("was 8.75", await row.Locator(".was").TextContentAsync());
    }

    [Fact]
    public async Task A_lines_history_shows_the_8_75_to_10_00_revision_in_its_chart()
    {
        var page = await browser.OpenAsync("/ui/entities/IIJ/statements/dividends?period=2012-04-01/2013-03-31&asOf=2013-02-08");

        await page.GetByRole(AriaRole.Link, new() { Name = "Year-end (forecast)" }).ClickAsync();

        // The navigation, then the chart itself: the page's "load" (its default wait) once took over 15 s on a loaded machine.
        await page.WaitForURLAsync(new Regex("/facts/CommonStockDividendsPerShareDeclared/history\\?"), new() { WaitUntil = WaitUntilState.Commit });
        var chart = page.Locator("svg.chart");
        await chart.Locator("g.split-marker").WaitForAsync();
        var split = chart.Locator("g.version.cause-split");
        var revision = chart.Locator("g.version.cause-revised");
        Assert.Equal("8.75", await split.GetAttributeAsync("data-value"));
        Assert.Equal("10.00", await revision.Locator(".step-label").TextContentAsync());
        Assert.Equal(1, await revision.Locator("circle.restatement").CountAsync());
        Assert.Equal(1, await chart.Locator("g.split-marker").CountAsync());
        var revisionRow = await page.Locator("tr.cause-revised").TextContentAsync();
        Assert.Contains("IIJ-2013-02-08-FY2012-YE-DIVIDEND", revisionRow);
        Assert.Contains("test-client", revisionRow);
        await PagesInBrowser.ScreenshotAsync(page, "history");
    }

    [Fact]
    public async Task A_new_restatement_appears_at_the_top_of_the_feed_without_reloading()
    {
        var page = await browser.OpenAsync("/ui/restatements");
        var entity = NewEntity();
        await PostAsync($"/api/entities/{entity}/filings", Filing($"{entity}-1", "2013-02-08", DividendPerShare(1_750.00m, "2013-02-08")));

        // When a writer revises the dividend through the API, while the page is open.
        await PostAsync($"/api/entities/{entity}/revisions",
            Revision($"{entity}-REV", DividendPerShare(10.00m, "2013-02-08"), "2013-02-09", "Dividend forecast revised"));

        var newest = page.Locator("#feed > li").First;
        await Assertions.Expect(newest).ToContainTextAsync(entity, new() { Timeout = 15_000 });
        await Assertions.Expect(newest).ToContainTextAsync("revised");
        await Assertions.Expect(newest.Locator("a")).ToHaveAttributeAsync("href", new Regex($"/ui/entities/{entity}/facts/CommonStockDividendsPerShareDeclared/history\\?"));
        await PagesInBrowser.ScreenshotAsync(page, "restatements");
    }

    [Fact]
    public async Task A_page_opened_without_signing_in_asks_for_a_token_and_a_bad_token_is_refused()
    {
        await using var context = await browser.Context.Browser!.NewContextAsync(new() { BaseURL = browser.Service.BaseAddress.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/ui/restatements");
        await page.GetByLabel("Access token").FillAsync(TestTokens.BadlySigned(Roles.Reader));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not one this ledger trusts");
        await PagesInBrowser.ScreenshotAsync(page, "sign-in");
    }

    [Fact]
    public async Task On_a_narrow_screen_the_statement_fits_its_width_and_the_keyboard_reaches_the_skip_link_first()
    {
        var page = await browser.Context.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync($"/ui/entities/IIJ/statements/dividends?period={Fy2011}&asOf=2012-10-01");

        await page.Keyboard.PressAsync("Tab");

        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("document.activeElement.textContent"));
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways");
        await PagesInBrowser.ScreenshotAsync(page, "statement-narrow");
    }

    private async Task PostAsync(string path, object body)
    {
        var response = await browser.Service.Client.PostAsJsonAsync(path, body, LedgerApi.Json);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
