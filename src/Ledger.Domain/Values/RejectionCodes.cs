namespace Ledger.Domain.Values;

/// <summary>
/// The stable names of every rejection, each with one meaning. Clients may switch on them; they never change
/// meaning. Nothing else in the source writes a code as a literal. The README's error table is the human-readable
/// copy of this list, and a test holds the two equal.
/// </summary>
public static class RejectionCodes
{
    /// <summary>The code of a problem that lists field rejections under <c>errors</c>.</summary>
    public const string Validation = "validation";

    // Bad request (400): the code of each field named under `errors`.
    public const string Required = "required";
    public const string EntityInvalid = "entity_invalid";
    public const string IdInvalid = "id_invalid";
    public const string KnownTimeInvalid = "known_time_invalid";
    public const string ConceptInvalid = "concept_invalid";
    public const string PeriodInvalid = "period_invalid";
    public const string PeriodEndBeforeStart = "period_end_before_start";
    public const string DateInvalid = "date_invalid";
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
    public const string AmountInvalid = "amount_invalid";
    public const string ExpectedVersionInvalid = "expected_version_invalid";
    public const string QueryInvalid = "query_invalid";
    public const string DateOutOfRange = "date_out_of_range";
    public const string ValueOutOfRange = "value_out_of_range";
    public const string TextTooLong = "text_too_long";
    public const string TextInvalid = "text_invalid";
    public const string TooManyFacts = "too_many_facts";

    // The request itself, refused before any field is read (problem documents the framework or the host writes).
    public const string RequestInvalid = "request_invalid";
    public const string BodyTooLarge = "body_too_large";
    public const string MediaTypeUnsupported = "media_type_unsupported";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string UriTooLong = "uri_too_long";

    // The ledger cannot answer now (503): retry after the Retry-After header's seconds.
    public const string DatabaseUnavailable = "database_unavailable";
    public const string StreamLimitReached = "stream_limit_reached";
    // Anything else the service did not expect (500).
    public const string ServerError = "server_error";

    /// <summary>An imported document (companyfacts, xBRL-JSON) that cannot be read as one; the field names the accession or fact.</summary>
    public const string ImportMalformed = "import_malformed";
    /// <summary>An import body over the configured size limit (413).</summary>
    public const string ImportTooLarge = "import_too_large";
    /// <summary>A format other than json, csv or xbrl-json was asked of an answer.</summary>
    public const string FormatUnknown = "format_unknown";

    // Not found (404).
    public const string NotFound = "not_found";
    public const string StatementUnknown = "statement_unknown";
    public const string LineItemUnknown = "line_item_unknown";
    public const string FilingUnknown = "filing_unknown";
    public const string ProjectionUnknown = "projection_unknown";
    public const string VersionUnknown = "version_unknown";

    // Conflicts (409): the request was well formed but disagrees with what the ledger holds.
    public const string Conflict = "conflict";
    public const string ExistsWithDifferentContent = "exists_with_different_content";
    public const string ConcurrentChange = "concurrent_change";
    public const string ExpectedVersionMismatch = "expected_version_mismatch";
    public const string ProjectionServing = "projection_serving";
    public const string ProjectionLive = "projection_live";
    public const string ProjectionInline = "projection_inline";
    public const string ProjectionNotOwned = "projection_not_owned";
    public const string RebuildRunning = "rebuild_running";
    public const string VersionAlreadyServing = "version_already_serving";
    public const string VersionBehind = "version_behind";
    public const string VersionsDiffer = "versions_differ";
    public const string VersionNotKept = "version_not_kept";

    // Unprocessable (422): well formed, but it cannot apply to what the ledger holds, or its limits refuse what it would come to.
    public const string UnitsDiffer = "units_differ";
    public const string SplitsOutOfRange = "splits_out_of_range";

    // Access (401 without a valid bearer token, 403 without the role the route needs).
    public const string TokenMissing = "token_missing";
    public const string TokenInvalid = "token_invalid";
    public const string TokenExpired = "token_expired";
    public const string RoleMissing = "role_missing";

    // Integrity (409): a digest is only handed out for a chain that holds.
    public const string ChainBroken = "chain_broken";
}
