using Ledger.Api.Reading;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Domain.Imports;
using Ledger.Domain.Values;

namespace Ledger.Api.Exports;

/// <summary>
/// An answer as an xBRL-JSON (OIM) report: each figure a fact with the core dimensions (concept, entity, period,
/// unit) and its taxonomy-defined dimensions, the value as a string in base units and <c>decimals</c>; the period end
/// is the next day's <c>T00:00:00</c>. The ledger's provenance of each fact (known from, recorded at, caused by,
/// supersedes, basis, share basis date, splits applied) travels in a <c>ledger:provenance</c> property, and the
/// reading point in <c>documentInfo</c>.
/// </summary>
public static class XbrlJsonExport
{
    public static string Write(string entity, ComputedFrom point, IEnumerable<ExportRow> rows)
    {
        var namespaces = new JsonObject();
        foreach (var (prefix, uri) in XbrlJson.StandardNamespaces) namespaces[prefix] = uri;
        var facts = new JsonObject();
        var n = 0;
        foreach (var row in rows)
        {
            foreach (var prefix in Prefixes(row).Where(p => !namespaces.ContainsKey(p)))
                namespaces[prefix] = $"{XbrlJson.LedgerNamespace}/{prefix}";
            facts[$"f{++n}"] = Fact(entity, point, row);
        }
        var report = new JsonObject
        {
            ["documentInfo"] = new JsonObject
            {
                ["documentType"] = XbrlJson.DocumentType,
                ["namespaces"] = namespaces,
                ["ledger:entity"] = entity,
                ["ledger:asOf"] = point.AsOf.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                ["ledger:recordedAsOf"] = point.RecordedAsOf.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                ["ledger:basis"] = point.Basis,
            },
            ["facts"] = facts,
        };
        return report.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject Fact(string entity, ComputedFrom point, ExportRow row)
    {
        var dimensions = new JsonObject
        {
            ["concept"] = XbrlJson.ConceptOf(row.Concept),
            ["entity"] = $"ledger:{entity}",
            ["period"] = XbrlJson.PeriodOf(Period.Parse(row.Period)),
            ["unit"] = XbrlJson.UnitOf(row.Unit),
        };
        foreach (var (name, member) in row.Dimensions) dimensions[$"ledger:{name}"] = $"ledger:{member}";
        if (row.Nature != "actual") dimensions[XbrlJson.NatureDimension] = $"ledger:{row.Nature}";
        return new JsonObject
        {
            ["value"] = CsvExport.Number(row.Value),
            ["decimals"] = row.Decimals,
            ["dimensions"] = dimensions,
            ["ledger:provenance"] = new JsonObject
            {
                ["basis"] = point.Basis,
                ["unit"] = row.Unit,
                ["shareBasisDate"] = row.ShareBasisDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["reportedValue"] = CsvExport.Number(row.ReportedValue),
                ["reportedDecimals"] = row.ReportedDecimals,
                ["reportedShareBasisDate"] = row.ReportedShareBasisDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["splitsApplied"] = new JsonArray(row.SplitsApplied.Select(s => (JsonNode)s!).ToArray()),
                ["version"] = row.Version,
                ["knownFrom"] = row.KnownFrom.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                ["recordedAt"] = row.RecordedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                ["cause"] = row.Cause,
                ["causedBy"] = row.CausedBy,
                ["supersedes"] = row.Supersedes,
                ["source"] = row.Source,
                ["note"] = row.Note,
            },
        };
    }

    /// <summary>The prefixes of a row's concept and unit that the standard namespaces do not declare (<c>dei</c>, <c>iij</c>).</summary>
    private static IEnumerable<string> Prefixes(ExportRow row) =>
        new[] { XbrlJson.ConceptOf(row.Concept) }.Concat(XbrlJson.UnitOf(row.Unit).Split('/', '*'))
            .Where(q => q.Contains(':')).Select(q => q[..q.IndexOf(':')]).Where(p => !XbrlJson.StandardNamespaces.ContainsKey(p));
}
