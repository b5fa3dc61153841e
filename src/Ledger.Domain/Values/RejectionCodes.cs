namespace Ledger.Domain.Values;

/// <summary>
/// The stable names of every rejection. Clients may switch on them; they never change meaning.
/// The README's error table is the human-readable copy of this list.
/// </summary>
public static class RejectionCodes
{
    public const string Required = "required";
    public const string EntityInvalid = "entity_invalid";
    public const string IdInvalid = "id_invalid";
    public const string KnownTimeInvalid = "known_time_invalid";
    public const string ConceptInvalid = "concept_invalid";
    public const string PeriodInvalid = "period_invalid";
    public const string PeriodEndBeforeStart = "period_end_before_start";
    public const string NatureUnknown = "nature_unknown";
    public const string UnitUnknown = "unit_unknown";
    public const string DecimalsOutOfRange = "decimals_out_of_range";
    public const string ValueFinerThanDecimals = "value_finer_than_decimals";
    public const string ShareBasisNotApplicable = "share_basis_not_applicable";
    public const string DimensionInvalid = "dimension_invalid";
    public const string DuplicateLineItem = "duplicate_line_item";
    public const string RangeInvalid = "range_invalid";
    public const string CurrencyUnknown = "currency_unknown";
    public const string TranslationRateUnknown = "translation_rate_unknown";
    public const string RatioInvalid = "ratio_invalid";
    public const string QueryInvalid = "query_invalid";

    // Conflicts (409): the request was well formed but disagrees with what the ledger holds.
    public const string ExistsWithDifferentContent = "exists_with_different_content";
    public const string ConcurrentChange = "concurrent_change";
    public const string ExpectedVersionMismatch = "expected_version_mismatch";

    // Not found (404).
    public const string StatementUnknown = "statement_unknown";
    public const string LineItemUnknown = "line_item_unknown";
}
