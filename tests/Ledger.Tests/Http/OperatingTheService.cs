using System.Net;
using System.Text.Json;
using Ledger.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

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
        // Every /api route the host maps, with each of its methods, read from the host's own endpoint table.
        var routes = api.Services.GetServices<EndpointDataSource>().SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.TrimStart('/').StartsWith("api/"))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(method =>
                $"{method.ToLowerInvariant()} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        using var document = JsonDocument.Parse(await api.Client.GetStringAsync("/openapi/v1.json"));

        var described = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name} {path.Name}"))
            .Order(StringComparer.Ordinal).ToList();
        Assert.True(routes.Count >= 16, $"only {routes.Count} routes found: {string.Join(", ", routes)}");
        Assert.Empty(routes.Except(described));
        Assert.Contains("get /api/entities/{entity}/facts/{concept}/history", described);
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
