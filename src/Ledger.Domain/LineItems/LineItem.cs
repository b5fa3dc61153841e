using System.Collections.Immutable;

namespace Ledger.Domain.LineItems;

/// <summary>Why a line item shows a value: the cause named in its history.</summary>
public enum VersionCause
{
    Reported,
    Restated,
    Revised,
    Split,
    Reclassified,
    /// <summary>A later publication repeated the value (within rounding): what it printed is shown as reported.</summary>
    Confirmed,
}

public static class VersionCauseNames
{
    // Each name once: a projection names every version's cause, and Enum.ToString boxes and allocates each time.
    private static readonly string[] Names = Enum.GetNames<VersionCause>().Select(name => name.ToLowerInvariant()).ToArray();

    /// <summary>The cause as the API and the read model name it: lower case.</summary>
    public static string ToName(this VersionCause cause) => Names[(int)cause];
}

/// <summary>One value a line item has had, from its known time on.</summary>
public sealed record LineItemVersion(
    int Version,
    Figure Figure,
    DateTimeOffset KnownFrom,
    VersionCause Cause,
    string CausedBy,
    string? Reason = null,
    int? Supersedes = null);

/// <summary>
/// The write-side state of one line item: every value it has had, in stream order. Built by <see cref="Evolve"/>
/// from its events alone; decisions read it, never the read models.
/// </summary>
public sealed record LineItem(string Id, LineItemIdentity Line, int Version, ImmutableList<LineItemVersion> Versions)
{
    public static LineItem? Evolve(LineItem? state, ILineItemEvent @event) => (state, @event, VersionOf(@event, NextVersion(state, @event))) switch
    {
        (null, LineItemReported e, { } first) => new LineItem(e.LineItemId, e.Line, 1, [first]),
        (not null, _, { } next) => state.With(next),
        // A confirmation recorded before publications were kept brings no value, only a stream version.
        (not null, LineItemConfirmed, null) => state with { Version = state.Version + 1 },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to line item {@event.LineItemId} in state {state?.Version.ToString() ?? "none"}"),
    };

    /// <summary>Events are folded in version order; one out of it would fold into a state that never was.</summary>
    private static int NextVersion(LineItem? state, ILineItemEvent @event)
    {
        var next = (state?.Version ?? 0) + 1;
        return @event.Version is null || @event.Version == next ? next
            : throw new InvalidOperationException($"{@event.GetType().Name} makes version {@event.Version} of line item {@event.LineItemId}, which is at version {next - 1}");
    }

    /// <summary>
    /// The value an event brings as the line item's <paramref name="version"/>: the one mapping from an event to its
    /// effect, read by this state and by the read models alike. A confirmation without a figure brings none.
    /// </summary>
    public static LineItemVersion? VersionOf(ILineItemEvent @event, int version) => @event switch
    {
        LineItemReported e => new(version, e.Figure, e.KnownFrom, VersionCause.Reported, e.FilingId),
        LineItemRestated e => new(version, e.Figure, e.KnownFrom, VersionCause.Restated, e.FilingId, Supersedes: e.Supersedes),
        LineItemRevised e => new(version, e.Figure, e.KnownFrom, VersionCause.Revised, e.RevisionId, e.Reason, e.Supersedes),
        LineItemReclassified e => new(version, e.Figure, e.KnownFrom, VersionCause.Reclassified, e.ReclassificationId, e.Reason, e.Supersedes),
        LineItemConfirmed { Figure: { } figure } e => new(version, figure, e.KnownFrom, VersionCause.Confirmed, e.FilingId, Supersedes: e.ConfirmedVersion),
        LineItemConfirmed => null,
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "not a line-item event"),
    };

    public static LineItem? Replay(IEnumerable<ILineItemEvent> events) => events.Aggregate((LineItem?)null, Evolve);

    /// <summary>The value a reader would have seen at <paramref name="knownAt"/>: the latest known by then, later stream entries winning ties.</summary>
    public LineItemVersion? InEffectAt(DateTimeOffset knownAt) =>
        Versions.Where(v => v.KnownFrom <= knownAt).OrderBy(v => v.KnownFrom).ThenBy(v => v.Version).LastOrDefault();

    private LineItem With(LineItemVersion version) =>
        this with { Version = version.Version, Versions = Versions.Add(version) };
}
