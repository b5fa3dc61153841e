using Ledger.Projections.LineItemVersions;
using Marten;

namespace Ledger.Api.Reading;

/// <summary>
/// Which generation of the line-item versions model answers queries on this node. Read from the database at most once a
/// second, so a switch made on any node reaches every node within a second; until then both generations answer the same.
/// </summary>
public sealed class ServingGenerations(IDocumentStore store, TimeProvider clock)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);
    // Replaced whole, never mutated, so readers on other threads see one consistent snapshot.
    private sealed record Snapshot(ServingGeneration? Serving, DateTimeOffset ReadAt);
    private volatile Snapshot? _last;

    public async ValueTask<int> GenerationAsync(CancellationToken cancellation) =>
        (await CurrentAsync(cancellation))?.Version ?? LineItemVersionsModel.FirstServing;

    /// <summary>The serving generation as the database says it is now, for decisions a stale answer could make unsafe (a rebuild).</summary>
    public async ValueTask<int> FreshGenerationAsync(CancellationToken cancellation) =>
        (await ReadAsync(cancellation))?.Version ?? LineItemVersionsModel.FirstServing;

    public async ValueTask<ServingGeneration?> CurrentAsync(CancellationToken cancellation) =>
        _last is { } last && clock.GetUtcNow() - last.ReadAt < Freshness ? last.Serving : await ReadAsync(cancellation);

    private async Task<ServingGeneration?> ReadAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var serving = await session.LoadAsync<ServingGeneration>(LineItemVersionsModel.Name, cancellation);
        _last = new Snapshot(serving, clock.GetUtcNow());
        return serving;
    }

    /// <summary>Makes a switch this node has just committed visible here at once.</summary>
    public void Remember(ServingGeneration serving) => _last = new Snapshot(serving, clock.GetUtcNow());
}
