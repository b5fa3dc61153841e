using System.Net;
using System.Text.Json;
using Ledger.Tests.Infrastructure;

namespace Ledger.Tests.Http;

[Collection(LedgerApiCollection.Name)]
public sealed class OperatingTheService(LedgerApi api)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_healthy(string path)
    {
        var response = await api.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_describes_every_route()
    {
        using var document = JsonDocument.Parse(await api.Client.GetStringAsync("/openapi/v1.json"));

        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/entities/{entity}/filings", paths);
        Assert.Contains("/api/entities/{entity}/facts", paths);
        Assert.Contains("/api/entities/{entity}/statements/{statement}", paths);
        Assert.Contains("/api/entities/{entity}/facts/{concept}/history", paths);
    }

    [Fact]
    public async Task An_unknown_statement_is_a_404_problem_listing_the_known_ones()
    {
        var response = await api.Client.GetAsync("/api/entities/IIJ/statements/horoscope?period=2012-12-31");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("statement_unknown", problem.Code);
    }

    [Theory]
    [InlineData("/api/restatements?after=abc")]
    [InlineData("/api/restatements?after=-1")]
    [InlineData("/api/restatements?limit=100000")]
    public async Task A_restatement_page_with_an_unusable_query_is_a_400(string url) =>
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Client.GetAsync(url)).StatusCode);
}
