namespace Ledger.Domain.LineItems;

// The events of a line item. Each names its line item, each that brings a value carries the whole line, so that a read
// model can be built from any one event, and each carries the line item's version it makes. They are appended to the
// stream of the command that caused them (a filing's, a revision's, a reclassification's), one append per command;
// the line-item log (Ledger.Projections.LineItems.LineItemLog) finds a line item's events and guards its versions.

/// <summary>Marks the events of a line item.</summary>
public interface ILineItemEvent
{
    string LineItemId { get; }
    DateTimeOffset KnownFrom { get; }

    /// <summary>
    /// The line item's version this event makes (1 for its first event). Null in events recorded when each line item
    /// had a stream of its own, whose position in that stream is their version.
    /// </summary>
    int? Version { get; }
}

/// <summary>Marks the line-item events that carry the whole line (all but a confirmation, which names only its id).</summary>
public interface ICarriesLine : ILineItemEvent
{
    LineItemIdentity Line { get; }
}

/// <summary>A filing reported a value for a line item the ledger had not seen as of that filing's known time.</summary>
public sealed record LineItemReported(
    string LineItemId, LineItemIdentity Line, Figure Figure, string FilingId, DateTimeOffset KnownFrom, int? Version = null) : ICarriesLine;

/// <summary>
/// A later filing reported the value already known, exactly or within rounding (a prior-year comparative, an
/// amendment repeating it): no restatement, but a publication kept with what it printed (<paramref name="Figure"/>:
/// its value, precision, share basis and source). Confirmations recorded before publications were kept carry no figure.
/// </summary>
public sealed record LineItemConfirmed(
    string LineItemId, string FilingId, DateTimeOffset KnownFrom, string Source, int ConfirmedVersion, Figure? Figure = null, int? Version = null) : ILineItemEvent;

/// <summary>
/// A later filing reported a different value for a known line item: a restatement of version
/// <paramref name="Supersedes"/>, whose figure it names so that subscribers see old → new.
/// </summary>
public sealed record LineItemRestated(
    string LineItemId, LineItemIdentity Line, Figure Figure, string FilingId, DateTimeOffset KnownFrom, int Supersedes, Figure Previous, int? Version = null) : ICarriesLine;

/// <summary>A new value for a line item outside any filing: a forecast revision or an error correction, with its reason.</summary>
public sealed record LineItemRevised(
    string LineItemId, LineItemIdentity Line, Figure Figure, string RevisionId, DateTimeOffset KnownFrom, string Reason, int? Supersedes, Figure? Previous, int? Version = null) : ICarriesLine;

/// <summary>
/// A presentation change moved <paramref name="Amount"/> out of (negative) or into (positive) this line item,
/// against <paramref name="CounterpartLineItemId"/>; both halves commit together under one reclassification id.
/// </summary>
public sealed record LineItemReclassified(
    string LineItemId, LineItemIdentity Line, Figure Figure, string ReclassificationId, DateTimeOffset KnownFrom, string Reason,
    int Supersedes, Figure Previous, string CounterpartLineItemId, decimal Amount, int? Version = null) : ICarriesLine;
