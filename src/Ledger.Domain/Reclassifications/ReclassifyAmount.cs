using Ledger.Domain.LineItems;
using Ledger.Domain.Recording;
using Ledger.Domain.Values;

namespace Ledger.Domain.Reclassifications;

/// <summary>Which line item, within the reclassification's period.</summary>
public sealed record LineRef(string? Concept = null, Dictionary<string, string>? Dimensions = null, string? Nature = null);

/// <summary>A reclassification as a caller sends it (the body of <c>POST /api/entities/{entity}/reclassifications</c>).</summary>
public sealed record ReclassificationInput(
    string? ReclassificationId = null, string? Period = null, LineRef? From = null, LineRef? To = null,
    decimal? Amount = null, string? KnownFrom = null, string? Reason = null, string? Source = null)
{
    public ReclassifyAmount? Check(string entity, Rejections rejections)
    {
        FactRules.CheckEntity(entity, rejections);
        FactRules.CheckCallerId("reclassificationId", ReclassificationId, rejections);
        var period = default(Period);
        string? periodCode = RejectionCodes.Required;
        if (Period is null || !Values.Period.TryParse(Period, out period, out periodCode))
            rejections.Add("period", periodCode ?? RejectionCodes.PeriodInvalid, "period is required: the one period both line items describe.");
        if (Amount is not > 0)
            rejections.Add("amount", Amount is null ? RejectionCodes.Required : RejectionCodes.AmountInvalid, "amount is required: the positive amount moved from one line item to the other.");
        else if (!Limits.IsValueInRange(Amount.Value))
            rejections.Add("amount", RejectionCodes.ValueOutOfRange, $"amount must be below {Limits.ValueMagnitude:N0} base units.");
        var knownFrom = FactRules.CheckKnownFrom(KnownFrom, rejections);
        if (string.IsNullOrWhiteSpace(Reason))
            rejections.Add("reason", RejectionCodes.Required, "reason is required: the presentation change.");
        Limits.CheckText("reason", Reason, Limits.ReasonLength, rejections);
        Limits.CheckText("source", Source, Limits.SourceLength, rejections);
        var from = Line(entity, From, "from", period, rejections);
        var to = Line(entity, To, "to", period, rejections);
        if (from is not null && to is not null && from.Id == to.Id)
            rejections.Add("to", RejectionCodes.DuplicateLineItem, "from and to are the same line item.");
        return rejections.Any ? null
            : new ReclassifyAmount(entity, ReclassificationId!, from!, to!, Amount!.Value, knownFrom, Reason!.Trim(), Source?.Trim() ?? $"Reclassification {ReclassificationId}");
    }

    private static LineItemIdentity? Line(string entity, LineRef? line, string field, Period period, Rejections rejections)
    {
        if (line is null) { rejections.Add(field, RejectionCodes.Required, $"{field} is required: {{ concept, dimensions, nature }}."); return null; }
        var ok = true;
        if (!FactRules.IsConcept(line.Concept)) { rejections.Add($"{field}.concept", RejectionCodes.ConceptInvalid, "concept must be an element name."); ok = false; }
        var nature = Nature.Actual;
        if (line.Nature is not null && !NatureNames.TryParse(line.Nature, out nature)) { rejections.Add($"{field}.nature", RejectionCodes.NatureUnknown, "nature is actual, forecast or target."); ok = false; }
        return ok ? new LineItemIdentity(entity, line.Concept!, period.ToString(), Dimensions.Of(line.Dimensions), nature) : null;
    }
}

public sealed record ReclassifyAmount(string Entity, string ReclassificationId, LineItemIdentity From, LineItemIdentity To, decimal Amount,
    DateTimeOffset KnownFrom, string Reason, string Source)
{
    public string ContentHash() => Recording.ContentHash.Of(Entity, ReclassificationId, From.Id, To.Id,
        Recording.ContentHash.Number(Amount), Recording.ContentHash.Instant(KnownFrom), Reason, Source);
}

/// <summary>What a reclassification comes to: already recorded, a conflict, refused with a named reason, or new events.</summary>
public abstract record ReclassificationDecision : IdempotentDecision<AmountReclassified>
{
    public sealed record Refused(string Code, string Detail) : ReclassificationDecision;
    public sealed record Append(AmountReclassified Record) : ReclassificationDecision;

    /// <summary>Moves the amount between the values in force at the reclassification's known time; both must exist in one unit.</summary>
    public static IdempotentDecision<AmountReclassified> Decide(ReclassifyAmount command, AmountReclassified? existing, LineItem? from, LineItem? to)
    {
        var hash = command.ContentHash();
        if (Retried(existing, hash) is { } retried) return retried;
        var fromVersion = from?.InEffectAt(command.KnownFrom);
        var toVersion = to?.InEffectAt(command.KnownFrom);
        if (fromVersion is null || toVersion is null)
            return new Refused(RejectionCodes.LineItemUnknown, $"Both line items must be known at {command.KnownFrom:O}: {(fromVersion is null ? command.From.Id : command.To.Id)} is not.");
        if (fromVersion.Figure.Unit != toVersion.Figure.Unit)
            return new Refused(RejectionCodes.UnitsDiffer, $"An amount moves only between line items of one unit ({fromVersion.Figure.Unit} ≠ {toVersion.Figure.Unit}).");
        // Repeated moves could otherwise grow one line past what a restatement can compute.
        if (!Limits.IsValueInRange(fromVersion.Figure.Value - command.Amount) || !Limits.IsValueInRange(toVersion.Figure.Value + command.Amount))
            return new Refused(RejectionCodes.ValueOutOfRange, $"Moving {command.Amount} would take a line item to {Limits.ValueMagnitude:N0} base units or beyond.");

        LineItemReclassified Half(LineItem line, LineItemVersion version, LineItemIdentity counterpart, decimal delta) => new(
            line.Id, line.Line, version.Figure with { Value = version.Figure.Value + delta, Source = command.Source, Note = null, DerivedFrom = null },
            command.ReclassificationId, command.KnownFrom, command.Reason, version.Version, version.Figure, counterpart.Id, delta, line.Version + 1);

        return new Append(new AmountReclassified(command.Entity, command.ReclassificationId, command.KnownFrom, command.Reason, command.Amount,
            Half(from!, fromVersion, command.To, -command.Amount), Half(to!, toVersion, command.From, command.Amount), hash));
    }
}
