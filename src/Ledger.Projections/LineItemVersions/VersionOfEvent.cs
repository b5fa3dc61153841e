using Ledger.Domain.LineItems;
using Ledger.Projections.LineItems;

namespace Ledger.Projections.LineItemVersions;

/// <summary>A version a line-item event brings, and the line it names (null for a confirmation, which names none).</summary>
public sealed record BroughtVersion(LineItemIdentity? Line, LineItemVersion Version);

/// <summary>
/// A line-item event's version together with the line it names, for the generations of the versions model; what a
/// version is comes from the one mapping in <see cref="LineItem.VersionOf"/>, so generations differ only in how they store it.
/// </summary>
public static class VersionOfEvent
{
    /// <returns>Null for an event that brings no version (a confirmation recorded before publications were kept).</returns>
    public static BroughtVersion? Of(RecordedLineItemEvent recorded) =>
        LineItem.VersionOf(recorded.Event, recorded.Version) is { } brought ? new((recorded.Event as ICarriesLine)?.Line, brought) : null;
}
