using System.Text.RegularExpressions;

namespace Ledger.Domain.Values;

/// <summary>How a unit behaves when a company changes its share basis.</summary>
public enum UnitKind
{
    /// <summary>An amount of money (<c>JPY</c>, <c>iso4217:USD</c>).</summary>
    Monetary,
    /// <summary>Anything per common share (<c>JPY/share</c>, <c>USD/shares</c>): divided by a split's ratio.</summary>
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
    /// <summary>Any other measure or ratio of measures (days, square feet, USD per partnership unit): never restated.</summary>
    Other,
    /// <summary>An exchange rate (<c>JPY/USD</c>: yen per dollar), such as a filing's convenience-translation rate.</summary>
    ExchangeRate,
}

/// <summary>
/// A unit of measure from xBRL's open vocabulary: any measure (<c>USD</c>, <c>iso4217:USD</c>, <c>shares</c>,
/// <c>pure</c>, a custom <c>sqft</c>), a product of measures (<c>*</c>) or a ratio of them (<c>USD/shares</c>).
/// Only the form is checked; what a unit means for a split is its <see cref="Kind"/>.
/// </summary>
public sealed partial record Unit(string Code, UnitKind Kind)
{
    // A measure is a QName or a bare name: an optional lower-case prefix, then a name (xBRL allows '_', '.', '-').
    [GeneratedRegex(@"^([a-z][a-z0-9-]{0,29}:)?[A-Za-z_][A-Za-z0-9_.-]{0,99}$")]
    private static partial Regex MeasurePattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();

    /// <summary>True for figures that a split or consolidation can restate: share counts and amounts per share.</summary>
    public bool HasShareBasis => Kind is UnitKind.PerShare or UnitKind.Shares;

    public override string ToString() => Code;

    public static bool TryParse(string? code, out Unit unit)
    {
        unit = null!;
        if (string.IsNullOrEmpty(code) || code.Length > 200) return false;
        var parts = code.Split('/');
        if (parts.Length > 2) return false;
        var measures = parts.Select(p => p.Split('*')).ToArray();
        if (measures.SelectMany(m => m).Any(m => !MeasurePattern().IsMatch(m))) return false;
        unit = new Unit(code, KindOf(measures[0], parts.Length == 2 ? measures[1] : []));
        return true;
    }

    public static Unit Parse(string code) =>
        TryParse(code, out var unit) ? unit : throw new FormatException($"unit_unknown: '{code}'");

    private static UnitKind KindOf(string[] numerator, string[] denominator) => (numerator, denominator) switch
    {
        ([var n], []) when IsShares(n) => UnitKind.Shares,
        ([var n], []) when Local(n) == "pure" => UnitKind.Pure,
        ([var n], []) when Local(n) == "ADS" => UnitKind.DepositaryShares,
        ([var n], []) when IsCurrency(n) => UnitKind.Monetary,
        ([var n], [var d]) when IsShares(d) && !IsShares(n) => UnitKind.PerShare,
        ([var n], [var d]) when Local(d) == "ADS" && IsCurrency(n) => UnitKind.PerDepositaryShare,
        ([var n], [var d]) when IsCurrency(n) && IsCurrency(d) => UnitKind.ExchangeRate,
        _ => UnitKind.Other,
    };

    private static bool IsShares(string measure) => Local(measure) is "shares" or "share";

    private static bool IsCurrency(string measure) =>
        (!measure.Contains(':') || measure.StartsWith("iso4217:", StringComparison.Ordinal)) && CurrencyPattern().IsMatch(Local(measure));

    private static string Local(string measure) => measure[(measure.IndexOf(':') + 1)..];
}
