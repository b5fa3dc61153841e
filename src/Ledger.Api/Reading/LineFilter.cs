namespace Ledger.Api.Reading;

/// <summary>Which lines of the versions model a question wants, beyond its entity and reading point.</summary>
public sealed record LineFilter(
    IReadOnlyCollection<string>? Periods = null,
    IReadOnlyCollection<string>? Concepts = null,
    string? Nature = null,
    DateOnly? ShareBasisBefore = null);
