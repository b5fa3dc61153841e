using Ledger.Projections.LineItemVersions;
using Marten;

namespace Ledger.Api.Admin;

/// <summary>
/// Which version of the line-item versions model answers queries on this node. Read from the database at most once a
/// second, so a switch made on any node reaches every node within a second; until then both versions answer the same.
/// </summary>
public sealed class ServingVersions(IDocumentStore store, TimeProvider clock)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);
    // Replaced whole, never mutated, so readers on other threads see one consistent snapshot.
    private sealed record Snapshot(ServingVersion? Serving, DateTimeOffset ReadAt);
    private volatile Snapshot? _last;

    public async ValueTask<int> LineItemVersionsAsync(CancellationToken cancellation) =>
        (await CurrentAsync(cancellation))?.Version ?? LineItemVersionsV1.Version;

    public async ValueTask<ServingVersion?> CurrentAsync(CancellationToken cancellation)
    {
        if (_last is { } last && clock.GetUtcNow() - last.ReadAt < Freshness) return last.Serving;
        await using var session = store.QuerySession();
        var serving = await session.LoadAsync<ServingVersion>(LineItemVersionsModel.Name, cancellation);
        _last = new Snapshot(serving, clock.GetUtcNow());
        return serving;
    }

    /// <summary>Makes a switch this node has just committed visible here at once.</summary>
    public void Remember(ServingVersion serving) => _last = new Snapshot(serving, clock.GetUtcNow());
}
