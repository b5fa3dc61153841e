using Ledger.Domain.LineItems;
using Ledger.Domain.Recording;
using Ledger.Domain.Values;

namespace Ledger.Domain.Revisions;

/// <summary>A revision as a caller sends it (the body of <c>POST /api/entities/{entity}/revisions</c>).</summary>
public sealed record RevisionInput(
    string? RevisionId = null,
    string? Concept = null,
    string? Period = null,
    Dictionary<string, string>? Dimensions = null,
    string? Nature = null,
    decimal? Value = null,
    string? Unit = null,
    int? Decimals = null,
    string? ShareBasisDate = null,
    string? Source = null,
    string? Note = null,
    string? KnownFrom = null,
    string? Reason = null,
    int? ExpectedVersion = null)
{
    public ReviseLineItem? Check(string entity, Rejections rejections)
    {
        FactRules.CheckEntity(entity, rejections);
        FactRules.CheckCallerId("revisionId", RevisionId, rejections);
        var knownFrom = FactRules.CheckKnownFrom(KnownFrom, rejections);
        if (string.IsNullOrWhiteSpace(Reason))
            rejections.Add("reason", RejectionCodes.Required, "reason is required: why the figure changed (forecast revision, error correction…).");
        Limits.CheckText("reason", Reason, Limits.ReasonLength, rejections);
        if (ExpectedVersion is < 1)
            rejections.Add("expectedVersion", RejectionCodes.ExpectedVersionInvalid, "expectedVersion, when given, is the line item's version (1 or more).");

        var fact = FactRules.Parse(entity, new FactInput(Concept, Period, Dimensions, Nature, Value, Unit, Decimals, ShareBasisDate, Source ?? $"Revision {RevisionId}", Note),
            knownFrom, "", rejections);
        return rejections.Any ? null : new ReviseLineItem(entity, RevisionId!, fact!, knownFrom, Reason!.Trim(), ExpectedVersion);
    }
}

public sealed record ReviseLineItem(string Entity, string RevisionId, ReportedFact Fact, DateTimeOffset KnownFrom, string Reason, int? ExpectedVersion)
{
    /// <summary>The expected version is not content: a retry that omits it is still the same revision.</summary>
    public string ContentHash() => Recording.ContentHash.Of(
        [Entity, RevisionId, Fact.Line.Id, .. Fact.Figure.CanonicalFields(), Recording.ContentHash.Instant(KnownFrom), Reason]);
}

/// <summary>What revising a line item comes to: already recorded, a conflict, an unknown line item, a stale version, or new events.</summary>
public abstract record RevisionDecision : IdempotentDecision<RevisionRecorded>
{
    public sealed record UnknownLineItem(string LineItemId) : RevisionDecision;
    public sealed record VersionMismatch(int Expected, int Actual) : RevisionDecision;
    public sealed record Append(RevisionRecorded Record, LineItemRevised Event) : RevisionDecision;

    public static IdempotentDecision<RevisionRecorded> Decide(ReviseLineItem command, RevisionRecorded? existing, LineItem? lineItem)
    {
        var hash = command.ContentHash();
        if (Retried(existing, hash) is { } retried) return retried;
        if (lineItem is null) return new UnknownLineItem(command.Fact.Line.Id);
        if (command.ExpectedVersion is { } expected && expected != lineItem.Version)
            return new VersionMismatch(expected, lineItem.Version);

        var supersedes = lineItem.InEffectAt(command.KnownFrom);
        var revised = new LineItemRevised(lineItem.Id, command.Fact.Line, command.Fact.Figure, command.RevisionId, command.KnownFrom, command.Reason,
            supersedes?.Version, supersedes?.Figure, lineItem.Version + 1);
        return new Append(new RevisionRecorded(command.Entity, command.RevisionId, lineItem.Id, lineItem.Version + 1, hash), revised);
    }
}
