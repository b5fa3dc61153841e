using JasperFx.Events;
using JasperFx.Events.Projections;
using Ledger.Domain.Filings;
using Ledger.Domain.LineItems;
using Ledger.Domain.Reclassifications;
using Ledger.Domain.Revisions;
using Ledger.Domain.ShareBasis;
using Ledger.Projections.LineItems;
using Ledger.Projections.ShareBasis;
using Ledger.Projections.LineItemVersions;
using Marten;

namespace Ledger.Projections;

/// <summary>The one place where the ledger's event store, read models and their lifecycles are declared.</summary>
public static class LedgerStoreOptions
{
    public const string SchemaName = "ledger";

    /// <summary>The hash chain's table beside the events (one link per event; written and verified by the API's Trust code).</summary>
    public const string EventChainTable = "mt_event_chain";

    /// <param name="kept">The generations of the line-item versions model kept; generation 3 alone unless standbys are configured.</param>
    public static StoreOptions AddLedger(this StoreOptions options, KeptGenerations? kept = null)
    {
        kept ??= KeptGenerations.None;
        options.DatabaseSchemaName = SchemaName;
        options.Events.DatabaseSchemaName = SchemaName;

        // Stream keys are meaningful strings (a line item's identity, a filing's id), so that appends can
        // address a stream without a lookup and a duplicate filing collides on its key.
        options.Events.StreamIdentity = StreamIdentity.AsString;
        options.Events.AddEventTypes([
            typeof(FilingRecorded),
            typeof(LineItemReported), typeof(LineItemConfirmed), typeof(LineItemsFiled), typeof(LineItemRestated), typeof(LineItemRevised),
            typeof(RevisionRecorded), typeof(LineItemReclassified), typeof(AmountReclassified),
            typeof(ShareBasisChanged),
        ]);

        // Every event records who appended it: the caller's token subject, which Wolverine relays to the session.
        options.Events.MetadataConfig.UserNameEnabled = true;

        // Subscribers wait on the daemon's high-water mark: wake it on every append (LISTEN/NOTIFY) and poll
        // briskly, so a restatement reaches them in tens of milliseconds rather than a polling second.
        options.Events.UseListenNotifyForEventAppends = true;
        options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(50);
        // A surviving node checks for a dead leader every second.
        options.Projections.LeadershipPollingTime = 1000;

        // Live: decisions and the share basis of answers are folded from events each time they are read, never from a
        // stored snapshot that a rebuild would empty and refill while writers decide and readers read. An entity's share
        // basis is one short stream; a line item's events are found through the line-item log, inline: it is written in
        // the events' own transaction, and its key is what refuses the second of two writers deciding one version.
        options.Projections.Add(new ShareBasisProjection(), ProjectionLifecycle.Live);
        options.Storage.ExtendedSchemaObjects.Add(LineItemLog.Schema());
        options.Projections.Add(new LineItemLog(), ProjectionLifecycle.Inline, LineItemLog.ShardName,
            o => o.DeleteDataInTableOnTeardown(LineItemLog.LogTable));

        // Generations 1 and 2 of the line-item versions model (a JSON document per bitemporal interval, upserted one by one)
        // are standbys: built by the async daemon, never in a writer's transaction, and only when configured (KeptGenerations),
        // since their upserts cost a busy service more than half its append throughput. Either, kept, can be rebuilt and
        // switched to while generation 3 serves. (Marten wants distinct names for projections of one store.)
        if (kept.Keeps(LineItemVersionsGeneration1.Generation))
            options.Projections.Add(new LineItemVersionsGeneration1(), ProjectionLifecycle.Async, LineItemVersionsGeneration1.ShardName,
                o => o.DeleteViewTypeOnTeardown<LineItemVersionRow>());
        if (kept.Keeps(LineItemVersionsGeneration2.Generation))
            options.Projections.Add(new LineItemVersionsGeneration2(), ProjectionLifecycle.Async, LineItemVersionsGeneration2.ShardName,
                o => o.DeleteViewTypeOnTeardown<LineItemVersionRowGeneration2>());
        // Generation 3 serves first (LineItemVersionsModel.FirstServing). It is inline, so a compliance reader who has just
        // posted a filing sees it in the next query, and writes typed rows set-based (one statement a batch) into tables
        // of its own, which Marten's schema management creates with the event store's; a rebuild empties them first.
        options.Storage.ExtendedSchemaObjects.Add(NarrowTables.VersionsSchema());
        options.Storage.ExtendedSchemaObjects.Add(NarrowTables.FilingsSchema());
        options.Projections.Add(new LineItemVersionsGeneration3(), ProjectionLifecycle.Inline, LineItemVersionsGeneration3.ShardName, o =>
        {
            o.DeleteDataInTableOnTeardown(NarrowTables.VersionsTable);
            o.DeleteDataInTableOnTeardown(NarrowTables.FilingsTable);
        });
        VersionsTable<LineItemVersionRow>(options, LineItemVersionsModel.Generation1.Alias);
        VersionsTable<LineItemVersionRowGeneration2>(options, LineItemVersionsModel.Generation2.Alias);
        options.Schema.For<ServingGeneration>().DocumentAlias("serving_versions");
        return options;
    }

    /// <summary>
    /// The columns of a versions table, the same for every generation so a query can be asked of either. The fields a
    /// query filters on are duplicated into columns, but only two indexes are kept: an as-of question is one index
    /// range lookup on (entity, period, known_from), and the projection finds a line's rows by line_item_id.
    /// (Marten's <c>Duplicate()</c> would index every duplicated column; nothing reads those indexes, and each costs
    /// every append and every rebuild an index insertion per row.)
    /// </summary>
    private static void VersionsTable<TRow>(StoreOptions options, string alias) where TRow : LineItemVersionRow =>
        options.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType != typeof(TRow)) return;
            mapping.Alias = alias;
            foreach (var member in (string[])[nameof(LineItemVersionRow.LineItemId), nameof(LineItemVersionRow.Entity),
                         nameof(LineItemVersionRow.Period), nameof(LineItemVersionRow.Concept), nameof(LineItemVersionRow.KnownFrom),
                         nameof(LineItemVersionRow.KnownTo), nameof(LineItemVersionRow.RecordedFrom), nameof(LineItemVersionRow.RecordedTo)])
                mapping.DuplicateField(member);
            mapping.AddIndex("entity", "period", "known_from").Name = $"ix_{alias}_as_of";
            mapping.AddIndex("line_item_id").Name = $"ix_{alias}_line_item";
        });
}
