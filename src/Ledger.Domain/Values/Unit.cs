namespace Ledger.Domain.Values;

/// <summary>How a unit behaves when a company changes its share basis.</summary>
public enum UnitKind
{
    /// <summary>An amount of money (<c>JPY</c>).</summary>
    Monetary,
    /// <summary>Money per common share (<c>JPY/share</c>): divided by a split's ratio.</summary>
    PerShare,
    /// <summary>A number of common shares (<c>shares</c>): multiplied by a split's ratio.</summary>
    Shares,
    /// <summary>A ratio (<c>pure</c>).</summary>
    Pure,
    /// <summary>
    /// Depositary shares (<c>ADS</c>) and money per ADS (<c>JPY/ADS</c>). A split changes the ADS-to-share
    /// ratio instead of the ADS count, so these are never restated by a share-basis change.
    /// </summary>
    DepositaryShares,
    PerDepositaryShare,
    /// <summary>A count or a physical quantity outside the statements (<c>contracts</c>, <c>Gbps</c>): never restated by a split.</summary>
    Quantity,
    /// <summary>An exchange rate (<c>JPY/USD</c>: yen per dollar), such as a filing's convenience-translation rate.</summary>
    ExchangeRate,
}

/// <summary>A unit of measure from the ledger's closed list: unknown units are rejected, never guessed.</summary>
public sealed record Unit(string Code, UnitKind Kind)
{
    // ISO 4217 codes the ledger accepts; extend deliberately, with a test.
    private static readonly HashSet<string> Currencies =
    [
        "JPY", "USD", "EUR", "GBP", "CHF", "CNY", "HKD", "KRW", "SGD", "AUD", "CAD", "INR", "TWD", "SEK", "NOK", "DKK",
    ];

    /// <summary>True for figures that a split or consolidation restates.</summary>
    public bool HasShareBasis => Kind is UnitKind.PerShare or UnitKind.Shares;

    public override string ToString() => Code;

    public static bool TryParse(string? code, out Unit unit)
    {
        unit = null!;
        if (string.IsNullOrEmpty(code)) return false;
        UnitKind? kind = code switch
        {
            "shares" => UnitKind.Shares,
            "pure" => UnitKind.Pure,
            "ADS" => UnitKind.DepositaryShares,
            "contracts" or "Gbps" => UnitKind.Quantity,
            _ when Currencies.Contains(code) => UnitKind.Monetary,
            _ when code.EndsWith("/share", StringComparison.Ordinal) && Currencies.Contains(code[..^6]) => UnitKind.PerShare,
            _ when code.EndsWith("/ADS", StringComparison.Ordinal) && Currencies.Contains(code[..^4]) => UnitKind.PerDepositaryShare,
            _ when code.Length == 7 && code[3] == '/' && Currencies.Contains(code[..3]) && Currencies.Contains(code[4..]) => UnitKind.ExchangeRate,
            _ => null,
        };
        if (kind is null) return false;
        unit = new Unit(code, kind.Value);
        return true;
    }

    public static Unit Parse(string code) =>
        TryParse(code, out var unit) ? unit : throw new FormatException($"unit_unknown: '{code}'");
}
