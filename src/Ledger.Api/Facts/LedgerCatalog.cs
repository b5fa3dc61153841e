using Ledger.Projections.LineItemVersions;
using Marten;

namespace Ledger.Api.Facts;

/// <summary>
/// What the ledger holds figures for: its entities, and the periods of one entity, for the pages' pickers. Both are
/// read from generation 3 of the versions model (inline, so it holds every committed line, whichever generation serves)
/// as a loose index scan of its as-of index, which leads with (entity, period): one index probe per distinct value,
/// however many versions there are.
/// </summary>
public static class LedgerCatalog
{
    public static async Task<IReadOnlyList<string>> EntitiesAsync(IQuerySession session, CancellationToken cancellation) =>
        await session.QueryAsync<string>(
            $"""
            with recursive entities(entity) as (
                select min(entity) from {NarrowTables.VersionsTable}
                union all
                select (select min(entity) from {NarrowTables.VersionsTable} where entity > entities.entity)
                from entities where entities.entity is not null)
            select entity from entities where entity is not null
            """, cancellation);

    public static async Task<IReadOnlyList<string>> PeriodsAsync(IQuerySession session, string entity, CancellationToken cancellation) =>
        await session.QueryAsync<string>(
            $"""
            with recursive periods(period) as (
                select min(period) from {NarrowTables.VersionsTable} where entity = ?
                union all
                select (select min(period) from {NarrowTables.VersionsTable} where entity = ? and period > periods.period)
                from periods where periods.period is not null)
            select period from periods where period is not null
            """, cancellation, entity, entity);
}
