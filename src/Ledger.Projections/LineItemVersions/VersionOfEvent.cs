using Ledger.Domain.LineItems;

namespace Ledger.Projections.LineItemVersions;

/// <summary>A version a line-item event brings, and the line it names (null for a confirmation, which names none).</summary>
public sealed record BroughtVersion(LineItemIdentity? Line, LineItemVersion Version);

/// <summary>
/// The one mapping from a line-item event to the version it brings, shared by every generation of the versions model,
/// so that generations differ in how they store versions and never in what a version is.
/// </summary>
public static class VersionOfEvent
{
    /// <param name="version">The event's stream version, which is the line item's version number.</param>
    /// <returns>Null for an event that brings no version (a confirmation recorded before publications were kept).</returns>
    public static BroughtVersion? Of(object data, int version) => data switch
    {
        LineItemReported e => new(e.Line, new LineItemVersion(version, e.Figure, e.KnownFrom, VersionCause.Reported, e.FilingId)),
        LineItemRestated e => new(e.Line, new LineItemVersion(version, e.Figure, e.KnownFrom, VersionCause.Restated, e.FilingId, Supersedes: e.Supersedes)),
        LineItemConfirmed { Figure: { } figure } e => new(null, new LineItemVersion(version, figure, e.KnownFrom, VersionCause.Confirmed, e.FilingId, Supersedes: e.ConfirmedVersion)),
        LineItemRevised e => new(e.Line, new LineItemVersion(version, e.Figure, e.KnownFrom, VersionCause.Revised, e.RevisionId, e.Reason, e.Supersedes)),
        LineItemReclassified e => new(e.Line, new LineItemVersion(version, e.Figure, e.KnownFrom, VersionCause.Reclassified, e.ReclassificationId, e.Reason, e.Supersedes)),
        _ => null,
    };
}
