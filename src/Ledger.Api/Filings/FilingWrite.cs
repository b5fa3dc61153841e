using Ledger.Domain.Filings;
using Ledger.Domain.LineItems;
using Ledger.Domain.Recording;
using Ledger.Domain.ShareBasis;
using Ledger.Domain.Values;
using Ledger.Projections;
using Ledger.Projections.LineItems;
using Ledger.Projections.ShareBasis;
using Marten;
using JasperFx.Events;

namespace Ledger.Api.Filings;

/// <summary>
/// The filing write path, shared by the endpoint and the importer: what the decision reads (<see cref="LoadAsync"/>),
/// the decision, and the one place a decided filing is appended to the session (<see cref="Append"/>). Whoever owns
/// the session commits it: Wolverine's transaction for the endpoint, <see cref="RecordAsync"/> for the importer.
/// </summary>
/// <param name="Existing">The filing's record, when its id was recorded before; then nothing else is loaded.</param>
/// <param name="LineItems">The line items it names that the ledger holds, each folded from its events as read.</param>
public sealed record FilingWrite(FilingRecorded? Existing, IReadOnlyDictionary<string, LineItem> LineItems, IReadOnlyList<ShareSplit>? Splits)
{
    public static async Task<FilingWrite> LoadAsync(IDocumentSession session, RecordFiling command, CancellationToken cancellation)
    {
        // Two round trips: the filing's record, where its line items' events are and the share basis in one batch; then those events.
        var ids = command.Facts.Select(f => f.Line.Id).Distinct().ToArray();
        var batch = session.CreateBatchQuery();
        var record = RecordStreams.RecordOf(batch, FilingStream.Key(command.Entity, command.FilingId));
        var places = LineItemLog.PlacesOf(batch, ids);
        var shareBasis = batch.Events.FetchStream(ShareBasisStream.Key(command.Entity));
        await batch.Execute(cancellation);
        if (RecordStreams.RecordIn<FilingRecorded>(await record) is { } existing) return new FilingWrite(existing, new Dictionary<string, LineItem>(), null);
        var lineItems = await LineItemLog.StatesAtAsync(session, await places, ids, cancellation);
        return new FilingWrite(null, lineItems, ShareBasisQueries.Fold(await shareBasis)?.Splits);
    }

    public IdempotentDecision<FilingRecorded> Decide(RecordFiling command) => FilingDecision.Decide(command, Existing, LineItems, Splits);

    /// <summary>
    /// One append for the whole filing: its record and its line items' events (first reports and confirmations in one
    /// stored event, each restatement in its own) start the filing's stream, which collides
    /// if another request recorded this id meanwhile. Each line-item event carries the version the decision gives it,
    /// and the line-item log's key (line item, version) refuses it if another writer committed that version first.
    /// The commit takes all of it or none.
    /// </summary>
    public void Append(IDocumentSession session, FilingDecision.Append append) =>
        session.Events.StartStream(FilingStream.Key(append.Filing.Entity, append.Filing.FilingId), append.Events());

    /// <summary>
    /// Records one filing in a session of its own, outside a request (an import, a benchmark): checked, loaded,
    /// decided, appended and committed. The decision is null when the filing was refused, with the reasons.
    /// </summary>
    /// <param name="recordedBy">Who appends: stored with every event of the filing.</param>
    public static async Task<(IdempotentDecision<FilingRecorded>? Decision, Rejections Rejections)> RecordAsync(
        IDocumentStore store, string entity, FilingInput input, string? recordedBy, CancellationToken cancellation, ShareBasisPolicy? policy = null)
    {
        var rejections = new Rejections();
        if (input.Check(entity, rejections, policy) is not { } command) return (null, rejections);
        await using var session = store.LightweightSession();
        session.LastModifiedBy = recordedBy;
        var write = await LoadAsync(session, command, cancellation);
        var decision = write.Decide(command);
        if (decision is FilingDecision.Append append)
        {
            write.Append(session, append);
            await session.SaveChangesAsync(cancellation);
        }
        return (decision, rejections);
    }
}
