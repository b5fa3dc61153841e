using System.Globalization;
using System.Text.Json;
using Ledger.Domain.Filings;
using Ledger.Domain.LineItems;
using Ledger.Domain.Values;

namespace Ledger.Domain.Imports;

/// <summary>
/// Reads an SEC EDGAR companyfacts document (<c>facts</c> by taxonomy and concept, <c>units</c>, entries with
/// <c>start</c>/<c>end</c>, <c>val</c>, <c>accn</c>, <c>fy</c>, <c>fp</c>, <c>form</c>, <c>filed</c>, <c>frame</c>)
/// into one filing per accession, known from its <c>filed</c> date, titled from form and fiscal period, in
/// filing order. US-GAAP concepts keep their bare names (<c>Revenues</c>), others their prefix
/// (<c>dei:EntityCommonStockSharesOutstanding</c>). Each fact's source names its accession, form, fiscal year and
/// period and frame; its note says that decimals were inferred from the digits written.
/// </summary>
public static class EdgarCompanyFacts
{
    public const string InferredDecimalsNote = "decimals inferred from the digits written: companyfacts carries no precision";

    private sealed record Entry(string Accession, string Form, string? FiscalYear, string? FiscalPeriod, string? Filed, string? Frame, FactInput Fact, string Where);

    /// <summary>Every filing of the document in filing order; a document that is not companyfacts at all throws <see cref="ImportFormatException"/>.</summary>
    public static IReadOnlyList<ImportedFiling> Read(JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Object || !document.TryGetProperty("facts", out var facts) || facts.ValueKind != JsonValueKind.Object)
            throw new ImportFormatException("facts", "the document is not an EDGAR companyfacts document: it has no 'facts' object.");

        var entries = new List<Entry>();
        foreach (var taxonomy in facts.EnumerateObject())
        foreach (var concept in Objects(taxonomy.Value, $"facts.{taxonomy.Name}"))
        foreach (var unit in Objects(concept.Value.TryGetProperty("units", out var units) ? units : default, $"facts.{taxonomy.Name}.{concept.Name}.units"))
        {
            if (unit.Value.ValueKind != JsonValueKind.Array)
                throw new ImportFormatException($"facts.{taxonomy.Name}.{concept.Name}.units.{unit.Name}", "a unit's entries must be an array.");
            var i = 0;
            foreach (var entry in unit.Value.EnumerateArray())
                entries.Add(EntryOf(ConceptName(taxonomy.Name, concept.Name), unit.Name, entry, $"facts.{taxonomy.Name}.{concept.Name}.units.{unit.Name}[{i++}]"));
        }

        return entries
            .GroupBy(e => e.Accession)
            .Select(FilingOf)
            .OrderBy(f => f.Filing.KnownFrom, StringComparer.Ordinal)
            .ThenBy(f => f.Accession, StringComparer.Ordinal)
            .ToList();
    }

    private static IEnumerable<JsonProperty> Objects(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject()
            : throw new ImportFormatException(where, "expected an object.");

    /// <summary>The ledger names US-GAAP elements without a prefix, as the worked example does; other taxonomies keep theirs.</summary>
    public static string ConceptName(string taxonomy, string concept) => taxonomy == "us-gaap" ? concept : $"{taxonomy}:{concept}";

    private static Entry EntryOf(string concept, string unit, JsonElement entry, string where)
    {
        var accession = Text(entry, "accn") ?? throw new ImportFormatException(where, $"the entry of {concept} has no accession ('accn').");
        var form = Text(entry, "form") ?? "filing";
        var (fy, fp, frame, filed) = (Text(entry, "fy"), Text(entry, "fp"), Text(entry, "frame"), Text(entry, "filed"));
        var value = entry.TryGetProperty("val", out var val) && val.ValueKind == JsonValueKind.Number && val.TryGetDecimal(out var v) ? v : (decimal?)null;
        var start = Text(entry, "start");
        var end = Text(entry, "end");
        var source = $"{form} {fp} {fy} (accession {accession}{(frame is null ? "" : $", frame {frame}")})".Replace("  ", " ");
        var fact = new FactInput(
            Concept: concept,
            Period: end is null ? null : start is null ? end : $"{start}/{end}",
            Value: value,
            Unit: unit,
            Decimals: value is { } known ? WrittenPrecision.Of(known) : null,
            Source: source,
            Note: InferredDecimalsNote);
        return new Entry(accession, form, fy, fp, filed, frame, fact, where);
    }

    private static ImportedFiling FilingOf(IGrouping<string, Entry> accession)
    {
        var first = accession.First();
        var filed = accession.Select(e => e.Filed).FirstOrDefault(f => f is not null);
        var title = $"{first.Form} {first.FiscalPeriod} {first.FiscalYear}".Replace("  ", " ").Trim();
        var input = new FilingInput(accession.Key, title, filed, accession.Select(e => e.Fact).ToList());
        var refusal = accession.Select(e => e.Filed).Distinct().Count() > 1 ? Rejected(accession.Key, "filed", "its entries give more than one filing date ('filed').") : null;
        return new ImportedFiling(accession.Key, input, refusal);
    }

    private static Rejections Rejected(string accession, string field, string detail)
    {
        var rejections = new Rejections();
        rejections.Add(field, RejectionCodes.ImportMalformed, $"accession {accession}: {detail}");
        return rejections;
    }

    private static string? Text(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}

/// <summary>A document that cannot be read at all; <see cref="Where"/> is the JSON path of what is wrong.</summary>
public sealed class ImportFormatException(string where, string detail) : Exception($"{where}: {detail}")
{
    public string Where { get; } = where;
    public string Detail { get; } = detail;
}
