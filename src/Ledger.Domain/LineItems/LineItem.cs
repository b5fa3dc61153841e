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
    public static LineItem? Evolve(LineItem? state, ILineItemEvent @event) => (state, @event) switch
    {
        (null, LineItemReported e) => new LineItem(e.LineItemId, e.Line, 1,
            [new LineItemVersion(1, e.Figure, e.KnownFrom, VersionCause.Reported, e.FilingId)]),
        (not null, LineItemReported e) => state.With(new LineItemVersion(state.Version + 1, e.Figure, e.KnownFrom, VersionCause.Reported, e.FilingId)),
        (not null, LineItemRestated e) => state.With(new LineItemVersion(state.Version + 1, e.Figure, e.KnownFrom, VersionCause.Restated, e.FilingId, Supersedes: e.Supersedes)),
        (not null, LineItemRevised e) => state.With(new LineItemVersion(state.Version + 1, e.Figure, e.KnownFrom, VersionCause.Revised, e.RevisionId, e.Reason, e.Supersedes)),
        (not null, LineItemReclassified e) => state.With(new LineItemVersion(state.Version + 1, e.Figure, e.KnownFrom, VersionCause.Reclassified, e.ReclassificationId, e.Reason, e.Supersedes)),
        (not null, LineItemConfirmed { Figure: { } figure } e) => state.With(new LineItemVersion(state.Version + 1, figure, e.KnownFrom, VersionCause.Confirmed, e.FilingId, Supersedes: e.ConfirmedVersion)),
        (not null, LineItemConfirmed) => state with { Version = state.Version + 1 },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to line item {@event.LineItemId} in state {state?.Version.ToString() ?? "none"}"),
    };

    public static LineItem? Replay(IEnumerable<ILineItemEvent> events) => events.Aggregate((LineItem?)null, Evolve);

    /// <summary>The value a reader would have seen at <paramref name="knownAt"/>: the latest known by then, later stream entries winning ties.</summary>
    public LineItemVersion? InEffectAt(DateTimeOffset knownAt) =>
        Versions.Where(v => v.KnownFrom <= knownAt).OrderBy(v => v.KnownFrom).ThenBy(v => v.Version).LastOrDefault();

    private LineItem With(LineItemVersion version) =>
        this with { Version = version.Version, Versions = Versions.Add(version) };
}
