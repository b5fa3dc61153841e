using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Ledger.Projections.LineItemVersions;

/// <summary>
/// The tables of generation 3 of the versions model, created and migrated by Marten's schema management: one immutable,
/// typed row per line-item version (no JSON document, no interval bounds to close later), and one row per filing
/// holding its title, so the title is stored once rather than on each of a filing's hundreds of rows.
/// </summary>
public static class NarrowTables
{
    public const string Versions = "line_item_versions_v3";
    public const string Filings = "filings_v3";

    public static string VersionsTable => $"{LedgerStoreOptions.SchemaName}.{Versions}";
    public static string FilingsTable => $"{LedgerStoreOptions.SchemaName}.{Filings}";

    public static Table VersionsSchema()
    {
        var table = new Table(new PostgresqlObjectName(LedgerStoreOptions.SchemaName, Versions, SchemaUtils.IdentifierUsage.General));
        // The key is the racers' guard: two writers who both decided version n+1 of a line item cannot both commit it.
        table.AddColumn<string>("line_item_id").AsPrimaryKey();
        table.AddColumn<int>("version").AsPrimaryKey();
        foreach (var name in (string[])["entity", "concept", "period", "dimensions_key", "nature"]) table.AddColumn<string>(name).NotNull();
        table.AddColumn("value", "numeric").NotNull();
        table.AddColumn<string>("unit").NotNull();
        table.AddColumn<int>("decimals").NotNull();
        table.AddColumn("share_basis_date", "date");
        table.AddColumn<string>("source").NotNull();
        table.AddColumn<string>("note");
        table.AddColumn<string>("derived_from");
        table.AddColumn("range_low", "numeric");
        table.AddColumn("range_high", "numeric");
        table.AddColumn<string>("cause").NotNull();
        table.AddColumn<string>("caused_by").NotNull();
        table.AddColumn<string>("reason");
        table.AddColumn("supersedes", "integer");
        table.AddColumn("known_from", "timestamp with time zone").NotNull();
        table.AddColumn("recorded_at", "timestamp with time zone").NotNull();
        // The as-of lookup: one entity's (period's) line items in order, each line's versions latest known first, with
        // the recorded time in the index so the versions recorded too late are passed over without reading the rows.
        table.Indexes.Add(new IndexDefinition($"ix_{Versions}_as_of")
        {
            Columns = ["entity", "period", "line_item_id", "known_from", "version"],
            IncludeColumns = ["recorded_at"],
        });
        return table;
    }

    public static Table FilingsSchema()
    {
        var table = new Table(new PostgresqlObjectName(LedgerStoreOptions.SchemaName, Filings, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("entity").AsPrimaryKey();
        table.AddColumn<string>("filing_id").AsPrimaryKey();
        table.AddColumn<string>("title").NotNull();
        return table;
    }
}
