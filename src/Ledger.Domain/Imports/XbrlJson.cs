using System.Globalization;
using System.Text.Json;
using Ledger.Domain.Filings;
using Ledger.Domain.LineItems;
using Ledger.Domain.Values;

namespace Ledger.Domain.Imports;

/// <summary>
/// The ledger's mapping to and from xBRL-JSON (OIM): concepts and units as QNames whose prefixes the report's
/// <c>namespaces</c> declare, periods as <c>yyyy-MM-ddT00:00:00</c> instants and intervals whose end is the next
/// day's midnight, values as strings with <c>decimals</c>.
/// </summary>
public static class XbrlJson
{
    public const string DocumentType = "https://xbrl.org/2021/xbrl-json";
    /// <summary>The namespace of the ledger's own <c>documentInfo</c> properties (filing id, title, known from, as of).</summary>
    public const string LedgerNamespace = "https://ledger.example/xbrl-json/2026";
    public const string UsGaapNamespace = "http://fasb.org/us-gaap/2024";
    /// <summary>The taxonomy-defined dimension that carries a line item's nature (forecast, target) when it is not actual.</summary>
    public const string NatureDimension = "ledger:Nature";

    public static readonly IReadOnlyDictionary<string, string> StandardNamespaces = new Dictionary<string, string>
    {
        ["xbrli"] = "http://www.xbrl.org/2003/instance",
        ["iso4217"] = "http://www.xbrl.org/2003/iso4217",
        ["us-gaap"] = UsGaapNamespace,
        ["ledger"] = LedgerNamespace,
    };

    // ---- periods ----

    /// <summary>A ledger period (<c>2012-04-01/2012-12-31</c> or <c>2012-12-31</c>) as OIM writes it.</summary>
    public static string PeriodOf(Period period) => period.Start is { } start
        ? $"{Midnight(start)}/{Midnight(period.End.AddDays(1))}"
        : Midnight(period.End.AddDays(1));

    private static string Midnight(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00";

    /// <summary>An OIM period back to the ledger's form: an end written as midnight is the end of the day before.</summary>
    public static string? LedgerPeriodOf(string oim)
    {
        var parts = oim.Split('/');
        return parts switch
        {
            [var instant] when End(instant) is { } on => Text(on),
            [var from, var to] when Day(from) is { } start && End(to) is { } end => $"{Text(start)}/{Text(end)}",
            _ => null,
        };
    }

    private static DateOnly? Day(string text) =>
        DateOnly.TryParseExact(text.Length >= 10 ? text[..10] : text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static DateOnly? End(string text) =>
        Day(text) is not { } day ? null
        : text.Length == 10 ? day
        : text[10..] is "T00:00:00" or "T00:00:00Z" ? day.AddDays(-1)
        : null;

    private static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // ---- units and concepts ----

    /// <summary>A ledger unit as OIM QNames: <c>USD</c> → <c>iso4217:USD</c>, <c>JPY/share</c> → <c>iso4217:JPY/xbrli:shares</c>.</summary>
    public static string UnitOf(string unit) => string.Join('/', unit.Split('/').Select(side => string.Join('*', side.Split('*').Select(MeasureOf))));

    private static string MeasureOf(string measure) => measure switch
    {
        _ when measure.Contains(':') => measure,
        "shares" or "share" => "xbrli:shares",
        "pure" => "xbrli:pure",
        _ when measure.Length == 3 && measure.All(char.IsAsciiLetterUpper) => $"iso4217:{measure}",
        _ => $"ledger:{measure}",
    };

    /// <summary>An OIM unit to the ledger's spelling: standard prefixes dropped, other QNames kept.</summary>
    public static string LedgerUnitOf(string unit) => string.Join('/', unit.Split('/').Select(side => string.Join('*', side.Split('*').Select(LedgerMeasureOf))));

    private static string LedgerMeasureOf(string measure) => measure.Split(':') switch
    {
        ["iso4217" or "xbrli" or "ledger", var local] => local,
        _ => measure,
    };

    /// <summary>A ledger concept as an OIM QName: bare names are US-GAAP elements.</summary>
    public static string ConceptOf(string concept) => concept.Contains(':') ? concept : $"us-gaap:{concept}";

    // ---- reading a report ----

    /// <summary>
    /// Reads one report as one filing. The filing id, title and known-from date come from the caller or from the
    /// report's <c>ledger:</c> properties. Facts without a unit (text, dates) are not figures and are counted as skipped.
    /// </summary>
    public static (ImportedFiling Filing, int Skipped) Read(JsonElement report, string? filingId, string? title, string? knownFrom)
    {
        if (report.ValueKind != JsonValueKind.Object || !report.TryGetProperty("documentInfo", out var info) || info.ValueKind != JsonValueKind.Object)
            throw new ImportFormatException("documentInfo", "the document is not an xBRL-JSON report: it has no 'documentInfo' object.");
        if (!info.TryGetProperty("documentType", out var type) || type.GetString() != DocumentType)
            throw new ImportFormatException("documentInfo.documentType", $"documentType must be '{DocumentType}'.");
        var namespaces = info.TryGetProperty("namespaces", out var ns) && ns.ValueKind == JsonValueKind.Object
            ? ns.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "")
            : new Dictionary<string, string>();
        var ledgerPrefix = namespaces.FirstOrDefault(p => p.Value == LedgerNamespace).Key;
        string? Own(string name) => ledgerPrefix is not null && info.TryGetProperty($"{ledgerPrefix}:{name}", out var v) ? v.GetString() : null;

        filingId ??= Own("filingId");
        var rejections = new Rejections();
        var facts = new List<FactInput>();
        var skipped = 0;
        if (!report.TryGetProperty("facts", out var all) || all.ValueKind != JsonValueKind.Object)
            throw new ImportFormatException("facts", "an xBRL-JSON report needs a 'facts' object.");
        foreach (var fact in all.EnumerateObject())
        {
            if (FactOf(fact.Name, fact.Value, namespaces, rejections) is { } input) facts.Add(input);
            else skipped++;
        }
        var filing = new FilingInput(filingId, title ?? Own("title"), knownFrom ?? Own("knownFrom"), facts);
        return (new ImportedFiling(filingId ?? "", filing, rejections.Any ? rejections : null), skipped);
    }

    private static FactInput? FactOf(string id, JsonElement fact, IReadOnlyDictionary<string, string> namespaces, Rejections rejections)
    {
        if (!fact.TryGetProperty("dimensions", out var dims) || dims.ValueKind != JsonValueKind.Object)
        {
            rejections.Add($"facts.{id}.dimensions", RejectionCodes.ImportMalformed, $"fact {id} has no dimensions.");
            return null;
        }
        string? Core(string name) => dims.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var (concept, period, unit) = (Core("concept"), Core("period"), Core("unit"));
        if (unit is null) return null; // text, dates and other non-numeric facts are not figures
        var where = $"facts.{id}";
        if (concept is null || ConceptFromQName(concept, namespaces) is not { } name)
        {
            rejections.Add($"{where}.dimensions.concept", RejectionCodes.ImportMalformed, $"fact {id}: concept '{concept}' is not a QName whose prefix the report declares.");
            return null;
        }
        if (unit.Split('/', '*').Any(m => m.Contains(':') && !namespaces.ContainsKey(m[..m.IndexOf(':')])))
            rejections.Add($"{where}.dimensions.unit", RejectionCodes.ImportMalformed, $"fact {id} ({concept}): unit '{unit}' uses an undeclared prefix.");

        var value = fact.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String
            && decimal.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : (decimal?)null;
        if (value is null)
            rejections.Add($"{where}.value", RejectionCodes.ImportMalformed, $"fact {id} ({concept}): a numeric fact's value must be a number written as a string.");
        int? decimals = fact.TryGetProperty("decimals", out var d) && d.ValueKind == JsonValueKind.Number ? d.GetInt32() : null;
        var note = decimals is null ? "decimals inferred from the digits written: the report gave none" : null;

        var dimensions = new Dictionary<string, string>();
        string? nature = null;
        foreach (var dim in dims.EnumerateObject().Where(p => p.Name is not ("concept" or "entity" or "period" or "unit" or "language" or "noteId")))
        {
            var member = dim.Value.ValueKind == JsonValueKind.String ? Local(dim.Value.GetString()!) : dim.Value.GetRawText();
            if (IsLedgers(dim.Name, "Nature", namespaces)) nature = member;
            else dimensions[Local(dim.Name)] = member;
        }
        // A report the ledger wrote says which share basis each figure is on; keep it, so that a split reads the same.
        var shareBasisDate = Provenance(fact, namespaces, "shareBasisDate");
        // …and the ledger's own spelling of the unit (JPY/share), when it is the same unit as the report's.
        var ledgerUnit = Provenance(fact, namespaces, "unit") is { } spelled && UnitOf(spelled) == unit ? spelled : LedgerUnitOf(unit);

        return new FactInput(
            Concept: name,
            Period: period is null ? null : LedgerPeriodOf(period) ?? period,
            Dimensions: dimensions.Count == 0 ? null : dimensions,
            Nature: nature,
            Value: value,
            Unit: ledgerUnit,
            Decimals: decimals ?? (value is { } known ? WrittenPrecision.Of(known) : null),
            ShareBasisDate: shareBasisDate,
            Source: $"xBRL-JSON fact {id}",
            Note: note);
    }

    /// <summary>A QName to the ledger's concept name: US-GAAP elements bare, others with their declared prefix.</summary>
    private static string? ConceptFromQName(string qname, IReadOnlyDictionary<string, string> namespaces)
    {
        var colon = qname.IndexOf(':');
        if (colon <= 0 || !namespaces.TryGetValue(qname[..colon], out var uri)) return null;
        return uri.StartsWith("http://fasb.org/us-gaap/", StringComparison.Ordinal) ? qname[(colon + 1)..] : qname;
    }

    private static bool IsLedgers(string qname, string local, IReadOnlyDictionary<string, string> namespaces) =>
        qname.Split(':') is [var prefix, var name] && name == local && namespaces.GetValueOrDefault(prefix) == LedgerNamespace;

    private static string? Provenance(JsonElement fact, IReadOnlyDictionary<string, string> namespaces, string name)
    {
        var prefix = namespaces.FirstOrDefault(p => p.Value == LedgerNamespace).Key;
        return prefix is not null && fact.TryGetProperty($"{prefix}:provenance", out var provenance) && provenance.ValueKind == JsonValueKind.Object
               && provenance.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
    }

    private static string Local(string qname) => qname[(qname.IndexOf(':') + 1)..];
}
