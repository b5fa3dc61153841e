namespace Ledger.Contracts;

/// <summary>A value of a line item on one basis: the number, the precision it carries, and the share basis it is expressed in.</summary>
public sealed record LineValue(decimal Value, int Decimals, DateOnly? ShareBasisDate);

/// <summary>
/// One line a restatement changed, old → new, as published (<see cref="OldAsReported"/>, <see cref="NewAsReported"/>)
/// and on the share basis in force at the restatement (<see cref="OldRestated"/>, <see cref="NewRestated"/>).
/// An old value is null when the line had none at that known time.
/// </summary>
public sealed record RestatedLine(
    string LineItemId,
    string Concept,
    string Period,
    IReadOnlyDictionary<string, string> Dimensions,
    string Nature,
    string Unit,
    LineValue? OldAsReported,
    LineValue NewAsReported,
    LineValue? OldRestated,
    LineValue NewRestated);

/// <summary>
/// A change to published figures: a restatement by a later filing, a revision, or a share-basis change.
/// <see cref="Position"/> is the event's global position in the ledger's log: strictly increasing, the resume
/// point of every subscription, and with <see cref="RestatementId"/> the idempotency key of a delivery.
/// <see cref="RecordedBy"/> is the subject of the token that appended it. <see cref="Chain"/> is the ledger's hash chain
/// at <see cref="Position"/>: keep it, and the ledger can show later that its log up to here is unchanged.
/// </summary>
public sealed record Restatement(
    long Position,
    string Entity,
    string Kind,
    string RestatementId,
    DateTimeOffset KnownFrom,
    DateTimeOffset RecordedAt,
    string? Reason,
    IReadOnlyList<RestatedLine> Lines,
    string? RecordedBy = null,
    ChainLink? Chain = null)
{
    public const string Restated = "restated";
    public const string Revised = "revised";
    public const string Split = "split";
    public const string Reclassified = "reclassified";
}
