using Ledger.Api.Http;
using Ledger.Api.Telemetry;
using Ledger.Domain.Filings;
using Ledger.Domain.LineItems;
using Ledger.Domain.ShareBasis;
using Ledger.Domain.Values;
using System.Data;
using Ledger.Projections.ShareBasis;
using Marten;

namespace Ledger.Api.Filings;

/// <summary>What recording a filing came to, in the terms an endpoint or the importer answers with.</summary>
public abstract record FilingOutcome
{
    public sealed record Recorded(FilingResult Result) : FilingOutcome;
    public sealed record AlreadyRecorded(FilingResult Result) : FilingOutcome;
    public sealed record Conflict(FilingResult Original) : FilingOutcome;
    public sealed record Rejected(Rejections Rejections) : FilingOutcome;
}

/// <summary>
/// Records a filing in one Marten session: checks it, loads the filing stream and every line item it names,
/// decides, and appends, all or nothing.
/// </summary>
public static class FilingRecorder
{
    /// <summary>
    /// Records and commits. If another request recorded the same filing or touched one of its line items between
    /// our read and our commit, decide once more on what is now there: a concurrent retry of the same filing then
    /// gets the original answer, and a real conflict still fails as one (409).
    /// </summary>
    /// <param name="recordedBy">Who appends: the caller's token subject, stored with every event of the filing.</param>
    public static async Task<FilingOutcome> RecordAndCommitAsync(
        IDocumentStore store, string entity, FilingInput input, string? recordedBy, CancellationToken cancellation,
        ShareBasisPolicy? policy = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            // One snapshot for every read of the decision: the filing stream and its line items must be seen as of
            // the same moment, or a concurrent commit could show us its line items but not yet its filing.
            await using var session = store.LightweightSession(IsolationLevel.RepeatableRead);
            session.LastModifiedBy = recordedBy;
            var outcome = await RecordAsync(session, entity, input, cancellation, policy);
            try
            {
                await session.SaveChangesAsync(cancellation);
                return outcome;
            }
            catch (Exception exception) when (attempt < 3 && LedgerProblems.IsConcurrencyFailure(exception))
            {
                // Nothing was committed; the next attempt reads the winner's commit and decides on it.
            }
        }
    }

    public static async Task<FilingOutcome> RecordAsync(IDocumentSession session, string entity, FilingInput input, CancellationToken cancellation,
        ShareBasisPolicy? policy = null)
    {
        var rejections = new Rejections();
        var command = input.Check(entity, rejections, policy);
        if (command is null) return new FilingOutcome.Rejected(rejections);

        var filingKey = FilingStream.Key(command.Entity, command.FilingId);
        var existing = await LoadAsync(session, filingKey, cancellation);
        var lineItemIds = existing is null ? command.Facts.Select(f => f.Line.Id).ToList() : [];
        var streams = lineItemIds.Count == 0
            ? []
            : await session.Events.FetchManyForWriting<LineItem>(lineItemIds, cancellation);
        var states = streams.Where(s => s.Aggregate is not null).ToDictionary(s => s.Key!, s => s.Aggregate!);

        var splits = existing is null ? (await session.ShareBasisAsync(entity, cancellation))?.Splits : null;

        switch (FilingDecision.Decide(command, existing, states, splits))
        {
            case FilingDecision.AlreadyRecorded same:
                return new FilingOutcome.AlreadyRecorded(FilingResult.From(same.Original));
            case FilingDecision.Conflict conflict:
                return new FilingOutcome.Conflict(FilingResult.From(conflict.Original));
            case FilingDecision.Append append:
                // Starting the filing stream collides if another request recorded this id meanwhile,
                // and each line-item stream checks the version the decision was made on: all or nothing.
                session.Events.StartStream(filingKey, append.Filing);
                var byKey = streams.ToDictionary(s => s.Key!);
                foreach (var line in append.LineItems) byKey[line.LineItemId].AppendOne(line.Event);
                return new FilingOutcome.Recorded(FilingResult.From(append.Filing));
            default:
                throw new InvalidOperationException("unknown filing decision");
        }
    }

    public static async Task<FilingRecorded?> LoadAsync(IQuerySession session, string filingKey, CancellationToken cancellation)
    {
        var events = await session.Events.FetchStreamAsync(filingKey, token: cancellation);
        return events.Select(e => e.Data).OfType<FilingRecorded>().FirstOrDefault();
    }
}
