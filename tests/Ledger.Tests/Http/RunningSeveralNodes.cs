using System.Net;
using System.Net.Http.Json;
using Ledger.Api.Admin;
using Ledger.Api.Facts;
using Ledger.Api.Reading;
using Ledger.Projections.LineItemVersions;
using Ledger.Tests.Infrastructure;

namespace Ledger.Tests.Http;

/// <summary>Two API processes on one database: one runs the async projections, and the other takes over when it dies.</summary>
public sealed class RunningSeveralNodes
{
    [Fact]
    public async Task When_the_node_running_version_2_is_killed_the_other_finishes_it_and_it_equals_a_fresh_rebuild()
    {
        var database = await PostgresServer.CreateDatabaseAsync("ledger_nodes");
        await using var first = ServiceProcess.Api(database);
        await using var second = ServiceProcess.Api(database);
        await first.StartAsync();
        await second.StartAsync();
        var (firstNode, secondNode) = (new Operator(first.Client, database), new Operator(second.Client, database));
        var owners = await Eventually.GetAsync(async () => new[] { await RunsVersion2Async(firstNode), await RunsVersion2Async(secondNode) },
            o => o.Count(x => x) == 1, TimeSpan.FromSeconds(60), "exactly one node to run version 2");
        var (owner, survivor, survivorNode) = owners[0] ? (first, second, secondNode) : (second, first, firstNode);
        // Only the node that runs version 2 may rebuild it: anywhere else the owner would go on writing its rows.
        var elsewhere = await survivor.Client.PostAsync("/api/admin/projections/line-item-versions/rebuild?version=2", null);
        Assert.Equal("projection_not_owned", (await Problem.ReadAsync(elsewhere, HttpStatusCode.Conflict)).Code);

        // Writes keep arriving at the survivor while the owner is killed mid-stream.
        var history = new SyntheticHistory(entities: 6, quarters: 12, conceptsPerFiling: 20);
        var writing = history.PostAsync(survivor.Client);
        await Eventually.GetAsync(() => survivorNode.StateAsync(2), s => s.Position > 0, TimeSpan.FromSeconds(60), "version 2 to be under way");
        await owner.KillAsync();
        await writing;

        await Eventually.GetAsync(() => RunsVersion2Async(survivorNode), runs => runs, TimeSpan.FromSeconds(60), "the survivor to take version 2 over");
        await survivorNode.CaughtUpAsync(2);
        var comparison = await survivorNode.CompareAsync(2);
        Assert.True(comparison.Equal, $"version 2 differs from version 3: {comparison.Differences.FirstOrDefault()}");
        var live = await survivorNode.RowsAsync(LineItemVersionsModel.Generation2);
        await survivorNode.RebuildWhileQueryingAsync(2, thenSwitch: true);
        Operator.AssertSameRows(live, await survivorNode.RowsAsync(LineItemVersionsModel.Generation2));
        Assert.True((await survivorNode.StateAsync(2)).Serving);

        // The killed node comes back; a switch made on the survivor reaches it without a restart.
        await owner.StartAsync();
        var returned = new Operator(owner.Client, database);
        Assert.Equal(2, await ServingAsync(owner));
        var back = await survivor.Client.PostAsJsonAsync("/api/admin/projections/line-item-versions/switch", new SwitchRequest(3), LedgerApi.Json);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        await Eventually.GetAsync(() => ServingAsync(owner), v => v == 3, ServingGenerations.Freshness * 5, "the other node to answer from version 3");
        Assert.True((await returned.StateAsync(3)).Serving);
    }

    /// <summary>The version a node's answers say they were computed from.</summary>
    private static async Task<int> ServingAsync(ServiceProcess node) =>
        (await node.Client.GetFromJsonAsync<FactsAnswer>($"/api/entities/{SyntheticHistory.Entity(0)}/facts?asOf=2099-12-31", LedgerApi.Json))!
        .ComputedFrom.ProjectionVersion;

    private static async Task<bool> RunsVersion2Async(Operator node) => (await node.StateAsync(2)).RunsHere == true;
}
