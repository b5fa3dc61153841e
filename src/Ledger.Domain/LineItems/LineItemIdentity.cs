using Ledger.Domain.Values;

namespace Ledger.Domain.LineItems;

/// <summary>
/// What makes a line item the same line item across filings: entity, concept, period, dimensions and nature.
/// Its <see cref="Id"/> is also the key of the line item's event stream.
/// </summary>
public sealed record LineItemIdentity(
    string Entity,
    string Concept,
    string Period,
    IReadOnlyDictionary<string, string> Dimensions,
    Nature Nature)
{
    public string Id => IdOf(Entity, Concept, Period, Dimensions, Nature);

    public static string IdOf(string entity, string concept, string period, IReadOnlyDictionary<string, string>? dimensions, Nature nature) =>
        $"{entity}|{concept}|{period}|{nature.ToName()}|{Values.Dimensions.Canonical(dimensions)}";

    /// <summary>Records compare dictionaries by reference; identities compare by their id.</summary>
    public bool Equals(LineItemIdentity? other) => other is not null && other.Id == Id;
    public override int GetHashCode() => Id.GetHashCode(StringComparison.Ordinal);
}
