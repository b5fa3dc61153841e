using System.Net;
using System.Net.Http.Json;
using JasperFx;
using Ledger.Api.Admin;
using Ledger.Api.Restatements;
using Ledger.Domain.LineItems;
using Ledger.Domain.Values;
using Ledger.Projections;
using Ledger.Tests.Infrastructure;
using Marten;
using Weasel.Core;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Http;

/// <summary>
/// A record the ledger can no longer take (a share count at decimal's limit, stored before values were bounded)
/// followed by a 1:2 split: restating it overflows. The publisher parks that one restatement and goes on for every
/// other entity; readiness and the admin view show it; the restatement log answers around it.
/// </summary>
public sealed class ParkingPoisonRestatements
{
    [Fact]
    public async Task A_restatement_that_cannot_be_computed_is_parked_and_delivery_to_other_entities_goes_on()
    {
        var database = await PostgresServer.CreateDatabaseAsync("ledger_poison");
        await using var ledger = ServiceProcess.Api(database);
        await ledger.StartAsync();
        var poisoned = NewEntity();
        var healthy = NewEntity();

        // Given a share count of 79228162514264337593543950335 recorded straight into the event store.
        await AppendUnboundedShareCountAsync(database, poisoned);
        // When a 1:2 split restates it, and then another entity's figure is revised.
        var split = await ledger.Client.PostAsJsonAsync($"/api/entities/{poisoned}/splits", Split("S-1", 1, 2, "2012-10-01", "2012-09-01"), LedgerApi.Json);
        Assert.Equal(HttpStatusCode.Created, split.StatusCode);
        await ledger.Client.PostAsJsonAsync($"/api/entities/{healthy}/filings", Filing("F-1", "2013-02-08", Revenue(1_000_000m)), LedgerApi.Json);
        var revision = await ledger.Client.PostAsJsonAsync($"/api/entities/{healthy}/revisions",
            Revision("R-1", Revenue(1_100_000m), "2013-03-01", "error correction"), LedgerApi.Json);
        Assert.Equal(HttpStatusCode.Created, revision.StatusCode);
        var revisionPosition = await Eventually.GetAsync(
            async () => (await ledger.Client.GetFromJsonAsync<RestatementPage>("/api/restatements?after=0", LedgerApi.Json))!,
            page => page.Restatements.Any(r => r.Entity == healthy), what: "the revision in the restatement log");

        // Then the publisher passes the split and publishes the revision after it.
        var publisher = await Eventually.GetAsync(
            async () => (await ledger.Client.GetFromJsonAsync<List<ProjectionState>>("/api/admin/projections", LedgerApi.Json))!
                .Single(p => p.Name == RestatementPublisher.Name),
            p => p.Position >= revisionPosition.Restatements.Single(r => r.Entity == healthy).Position, what: "the publisher past the revision");
        Assert.True(publisher.Position > 0);
        // And the split is parked, with its reason, in the admin view and in readiness.
        var parked = Assert.Single((await ledger.Client.GetFromJsonAsync<List<ParkedRestatementView>>("/api/admin/restatements/parked", LedgerApi.Json))!);
        Assert.Equal(revisionPosition.Parked.Single(), parked.Position);
        Assert.Contains("Overflow", parked.ExceptionType);
        Assert.Equal("Degraded", await ledger.Client.GetStringAsync("/health/ready"));
        // And the log pages around it: 200, with the parked position named.
        Assert.DoesNotContain(revisionPosition.Restatements, r => r.Entity == poisoned && r.Kind == "split");
    }

    private static async Task AppendUnboundedShareCountAsync(string database, string entity)
    {
        await using var store = DocumentStore.For(options =>
        {
            options.Connection(database);
            options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
            options.AddLedger();
            Ledger.Api.Hosting.LedgerTelemetry.AddLedgerTelemetry(options);
            options.AutoCreateSchemaObjects = AutoCreate.None;
        });
        var line = new LineItemIdentity(entity, "CommonStockSharesOutstanding", "2012-03-31", Dimensions.Of(null), Nature.Actual);
        var figure = new Figure(decimal.MaxValue, "shares", 0, new DateOnly(2012, 5, 15), "Balance sheet: shares outstanding");
        await using var session = store.LightweightSession();
        session.Events.StartStream<LineItem>(line.Id, new LineItemReported(line.Id, line, figure, "F-0", new DateTimeOffset(2012, 5, 15, 0, 0, 0, TimeSpan.Zero)));
        await session.SaveChangesAsync();
    }
}
