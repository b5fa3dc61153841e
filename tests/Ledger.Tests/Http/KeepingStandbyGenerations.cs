using System.Net;
using System.Net.Http.Json;
using Ledger.Api.Admin;
using Ledger.Api.Facts;
using Ledger.Domain.Values;
using Ledger.Projections.LineItemVersions;
using Ledger.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Http;

/// <summary>A service as deployed by default: it keeps generation 3 of the versions model and no standby.</summary>
public sealed class LedgerApiWithoutStandbys : LedgerApi
{
    protected override string Standbys => "";
}

/// <summary>
/// The document generations 1 and 2 are standbys, kept only when configured: a service keeps none by default, says how
/// to keep one when asked to switch to it or rebuild it, and is not ready while a generation it does not keep serves.
/// </summary>
public sealed class KeepingStandbyGenerations(LedgerApiWithoutStandbys api) : IClassFixture<LedgerApiWithoutStandbys>
{
    [Fact]
    public async Task By_default_a_service_keeps_generation_3_alone_and_still_answers_what_was_filed()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("FY", "2013-05-14", Revenue(76_700_000_000m)));

        var projections = await api.Client.GetFromJsonAsync<List<ProjectionState>>("/api/admin/projections", LedgerApi.Json);
        var facts = await api.GetAsync<FactsAnswer>($"/api/entities/{entity}/facts?concept=Revenues&period=2012-04-01/2012-12-31&asOf=2013-05-14");

        Assert.Equal([3], projections!.Where(p => p.Name == LineItemVersionsModel.Name).Select(p => p.Version));
        Assert.Equal((3, 76_700_000_000m), (facts.ComputedFrom.ProjectionVersion, facts.Facts.Single().Value));
        Assert.Equal(HttpStatusCode.OK, (await api.Client.GetAsync("/health/ready")).StatusCode);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Switching_to_comparing_with_or_rebuilding_a_standby_it_does_not_keep_is_refused_with_the_setting_that_keeps_it(int standby)
    {
        var switched = await api.Client.PostAsJsonAsync("/api/admin/projections/line-item-versions/switch", new SwitchRequest(standby), LedgerApi.Json);
        var compared = await api.Client.GetAsync($"/api/admin/projections/line-item-versions/comparison?version={standby}");
        var rebuilt = await api.Client.PostAsync($"/api/admin/projections/line-item-versions/rebuild?version={standby}", null);

        foreach (var (response, status) in (ValueTuple<HttpResponseMessage, HttpStatusCode>[])
                 [(switched, HttpStatusCode.Conflict), (compared, HttpStatusCode.NotFound), (rebuilt, HttpStatusCode.Conflict)])
        {
            var problem = await Problem.ReadAsync(response, status);
            Assert.Equal(RejectionCodes.VersionNotKept, problem.Code);
            Assert.Contains($"Ledger__Projections__Standbys={standby}", problem.Detail);
        }
        var unversioned = await Problem.ReadAsync(await api.Client.PostAsync("/api/admin/projections/line-item-versions/rebuild", null), HttpStatusCode.Conflict);
        Assert.Equal(RejectionCodes.VersionNotKept, unversioned.Code);
    }

    [Fact]
    public async Task A_service_whose_serving_generation_it_does_not_keep_is_not_ready_and_names_the_setting()
    {
        // As after a switch to generation 1 made by a node that kept it.
        var store = api.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.Store(new ServingGeneration(LineItemVersionsModel.Name, 1, DateTimeOffset.UtcNow, 0, 0, 0));
            await session.SaveChangesAsync();
        }
        try
        {
            var check = await ServingCheckAfterCacheAsync();

            Assert.Equal(HealthStatus.Unhealthy, check.Status);
            Assert.Contains("Ledger__Projections__Standbys=1", check.Description);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await api.Client.GetAsync("/health/ready")).StatusCode);
        }
        finally
        {
            await using var session = store.LightweightSession();
            session.Delete<ServingGeneration>(LineItemVersionsModel.Name);
            await session.SaveChangesAsync();
        }
        Assert.Equal(HealthStatus.Healthy, (await ServingCheckAfterCacheAsync()).Status);
    }

    [Theory]
    [InlineData(null, new[] { 3 })]
    [InlineData("", new[] { 3 })]
    [InlineData("2", new[] { 2, 3 })]
    [InlineData("1, 2", new[] { 1, 2, 3 })]
    public void The_setting_lists_the_standbys_kept_beside_generation_3(string? setting, int[] kept) =>
        Assert.Equal(kept, KeptGenerations.Parse(setting).All.Select(g => g.Number));

    [Theory]
    [InlineData("3")]
    [InlineData("4")]
    [InlineData("one")]
    [InlineData("1;2")]
    public void A_setting_naming_anything_but_a_standby_stops_the_service_at_start(string setting)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => KeptGenerations.Parse(setting));
        Assert.Contains(KeptGenerations.SettingKey, refused.Message);
    }

    // Each node reads the serving generation at most once a second.
    private async Task<HealthReportEntry> ServingCheckAfterCacheAsync()
    {
        await Task.Delay(ServingGenerationsFreshness + TimeSpan.FromMilliseconds(100));
        var report = await api.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries["line-item-versions"];
    }

    private static readonly TimeSpan ServingGenerationsFreshness = Ledger.Api.Reading.ServingGenerations.Freshness;
}
