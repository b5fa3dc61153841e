using System.Text.RegularExpressions;
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

/// <summary>The rules every line item obeys, whether it arrives in a filing or a revision.</summary>
public static partial class FactRules
{
    public const int MinDecimals = -15;
    public const int MaxDecimals = 10;

    [GeneratedRegex("^([a-z][a-z0-9-]{0,19}:)?[A-Z][A-Za-z0-9]{0,199}$")]
    private static partial Regex ConceptPattern();

    [GeneratedRegex("^[A-Z0-9][A-Z0-9._-]{0,31}$")]
    private static partial Regex EntityPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")]
    private static partial Regex IdPattern();

    public static bool IsEntity(string? entity) => entity is not null && EntityPattern().IsMatch(entity);

    // The checks every command shares: which entity, the caller's idempotency key, and when it became known.

    public static void CheckEntity(string entity, Rejections rejections)
    {
        if (!IsEntity(entity))
            rejections.Add("entity", RejectionCodes.EntityInvalid, $"entity '{entity}' must be an upper-case ticker-like code such as 'IIJ'.");
    }

    public static void CheckCallerId(string field, string? id, Rejections rejections)
    {
        if (!IsCallerId(id))
            rejections.Add(field, id is null ? RejectionCodes.Required : RejectionCodes.IdInvalid,
                $"{field} is required: 1–100 letters, digits, '.', '_', ':' or '-', chosen by the caller and stable across retries.");
    }

    public static DateTimeOffset CheckKnownFrom(string? text, Rejections rejections)
    {
        if (KnownTime.TryParseStart(text, out var knownFrom)) return knownFrom;
        rejections.Add("knownFrom", text is null ? RejectionCodes.Required : KnownTime.RejectionFor(text),
            "knownFrom is required: the date it was published (2013-02-08) or an instant with an offset (2013-02-08T15:00:00+09:00), " +
            $"between {Values.Period.Earliest:yyyy-MM-dd} and {Values.Period.Latest:yyyy-MM-dd}.");
        return default;
    }
    public static bool IsCallerId(string? id) => id is not null && IdPattern().IsMatch(id);
    public static bool IsConcept(string? concept) => concept is not null && ConceptPattern().IsMatch(concept);

    /// <summary>
    /// Checks one line item and returns it typed, or null after adding every rejection to <paramref name="rejections"/>.
    /// A per-share or share-count figure without a share basis is taken to be on the basis of
    /// <paramref name="knownFrom"/>, the day it was published.
    /// </summary>
    /// <param name="policy">Which share-denominated concepts a split adjusts; a figure it does not adjust has no share basis.</param>
    public static ReportedFact? Parse(string entity, FactInput input, DateTimeOffset knownFrom, string field, Rejections rejections,
        ShareBasisPolicy? policy = null)
    {
        var before = rejections.All.Count;
        if (!IsConcept(input.Concept))
            rejections.Add(At(field, "concept"), input.Concept is null ? RejectionCodes.Required : RejectionCodes.ConceptInvalid,
                "concept must be an element name such as 'Revenues' or 'iij:AdjustedEbitda'.");

        if (input.Period is null)
            rejections.Add(At(field, "period"), RejectionCodes.Required, "period is required: '2012-04-01/2012-12-31' or '2012-12-31'.");
        else if (!Values.Period.TryParse(input.Period, out _, out var periodCode))
            rejections.Add(At(field, "period"), periodCode!, periodCode == RejectionCodes.PeriodEndBeforeStart
                ? $"period '{input.Period}' ends before it starts."
                : $"period '{input.Period}' is not an ISO 8601 date or date interval such as '2012-04-01/2012-12-31', " +
                  $"with dates between {Values.Period.Earliest:yyyy-MM-dd} and {Values.Period.Latest:yyyy-MM-dd}.");

        if (input.Dimensions is { Count: > Limits.DimensionsPerLineItem })
            rejections.Add(At(field, "dimensions"), RejectionCodes.DimensionInvalid, $"a line item has at most {Limits.DimensionsPerLineItem} dimensions.");
        foreach (var (name, member) in input.Dimensions ?? [])
            if (!Values.Dimensions.IsName(name) || !Values.Dimensions.IsName(member))
                rejections.Add(At(field, $"dimensions.{name}"), RejectionCodes.DimensionInvalid,
                    "dimension names and members are letters and digits, starting with a letter.");

        var nature = Values.Nature.Actual;
        if (input.Nature is not null && !NatureNames.TryParse(input.Nature, out nature))
            rejections.Add(At(field, "nature"), RejectionCodes.NatureUnknown, $"nature '{input.Nature}' is not one of actual, forecast, target.");

        if (input.Value is null)
            rejections.Add(At(field, "value"), RejectionCodes.Required, "value is required: an exact decimal in base units.");
        else if (!Limits.IsValueInRange(input.Value.Value))
            rejections.Add(At(field, "value"), RejectionCodes.ValueOutOfRange, $"value must be above -{Limits.ValueMagnitude:N0} and below {Limits.ValueMagnitude:N0} base units.");

        var unitKnown = Values.Unit.TryParse(input.Unit, out var unit);
        if (!unitKnown)
            rejections.Add(At(field, "unit"), input.Unit is null ? RejectionCodes.Required : RejectionCodes.UnitUnknown,
                $"unit '{input.Unit}' is not a unit: a measure (JPY, iso4217:USD, shares, pure, sqft) or a ratio of measures (USD/shares).");

        CheckDecimals(input, field, rejections);
        if (input.Range is { } range && (range.Low > range.High || input.Value is { } v && (v < range.Low || v > range.High)))
            rejections.Add(At(field, "range"), RejectionCodes.RangeInvalid, "range must have low ≤ high and contain the value.");
        var adjustable = unitKnown && IsConcept(input.Concept) && (policy ?? ShareBasisPolicy.Default).Adjusts(input.Concept!, unit);
        var shareBasis = CheckShareBasis(input, unitKnown ? unit : null, adjustable, knownFrom, field, rejections);

        if (string.IsNullOrWhiteSpace(input.Source))
            rejections.Add(At(field, "source"), RejectionCodes.Required, "source is required: the table or section the figure comes from.");
        Limits.CheckText(At(field, "source"), input.Source, Limits.SourceLength, rejections);
        Limits.CheckText(At(field, "note"), input.Note, Limits.NoteLength, rejections);
        Limits.CheckText(At(field, "derivedFrom"), input.DerivedFrom, Limits.SourceLength, rejections);

        if (rejections.All.Count > before) return null;
        var line = new LineItemIdentity(entity, input.Concept!, Values.Period.Parse(input.Period!).ToString(),
            Values.Dimensions.Of(input.Dimensions), nature);
        var figure = new Figure(input.Value!.Value, unit.Code, input.Decimals!.Value, shareBasis, input.Source!.Trim(),
            Blank(input.Note), Blank(input.DerivedFrom), input.Range);
        return new ReportedFact(line, figure);
    }

    private static void CheckDecimals(FactInput input, string field, Rejections rejections)
    {
        if (input.Decimals is not { } decimals)
        {
            rejections.Add(At(field, "decimals"), RejectionCodes.Required, "decimals is required: the precision published (-3 for thousands).");
            return;
        }
        if (decimals is < MinDecimals or > MaxDecimals)
        {
            rejections.Add(At(field, "decimals"), RejectionCodes.DecimalsOutOfRange, $"decimals must be between {MinDecimals} and {MaxDecimals}.");
            return;
        }
        // A value published in thousands cannot carry units below a thousand: that would claim a precision it never had.
        if (input.Value is { } value && !IsMultipleOfPrecision(value, decimals))
            rejections.Add(At(field, "value"), RejectionCodes.ValueFinerThanDecimals,
                $"value {value} has digits finer than its decimals ({decimals}).");
    }

    private static DateOnly? CheckShareBasis(FactInput input, Unit? unit, bool adjustable, DateTimeOffset knownFrom, string field, Rejections rejections)
    {
        if (input.ShareBasisDate is null)
            return adjustable ? DateOnly.FromDateTime(knownFrom.UtcDateTime) : null;
        if (unit is not null && !adjustable)
        {
            rejections.Add(At(field, "shareBasisDate"), RejectionCodes.ShareBasisNotApplicable,
                $"shareBasisDate applies only to per-share and share-count figures a split adjusts, not to {input.Concept} in '{unit.Code}'.");
            return null;
        }
        if (!Values.Period.TryParseDate(input.ShareBasisDate, out var date))
        {
            rejections.Add(At(field, "shareBasisDate"), Values.Period.RejectionFor(input.ShareBasisDate, RejectionCodes.PeriodInvalid),
                $"shareBasisDate '{input.ShareBasisDate}' is not a date (yyyy-MM-dd) between {Values.Period.Earliest:yyyy-MM-dd} and {Values.Period.Latest:yyyy-MM-dd}.");
            return null;
        }
        return date;
    }

    private static bool IsMultipleOfPrecision(decimal value, int decimals)
    {
        // Rounding (not scaling up) for positive decimals: a huge value times 10^decimals could overflow.
        if (decimals >= 0) return decimal.Round(value, decimals) == value;
        var scaled = value / Pow10(-decimals);
        return scaled == decimal.Truncate(scaled);
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++) result *= 10m;
        return result;
    }

    /// <summary>The JSON path of a field: <c>facts[3].unit</c> inside a filing, plain <c>unit</c> in a revision.</summary>
    private static string At(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
