using Ledger.Domain.ShareBasis;
using Ledger.Domain.Values;

namespace Ledger.Domain.LineItems;

/// <summary>
/// A line item as a caller sends it: every field optional and untyped, so that each bad field can be named
/// in the answer rather than failing the whole body at the JSON parser.
/// </summary>
public sealed record FactInput(
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
    string? DerivedFrom = null,
    ValueRange? Range = null);
