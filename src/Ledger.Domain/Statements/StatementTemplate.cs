using System.Reflection;
using System.Text.Json;
using Ledger.Domain.Values;

namespace Ledger.Domain.Statements;

/// <summary>One line of a statement: which line item it shows, under what label.</summary>
/// <param name="At">
/// For an instant line in a duration statement (cash at the beginning and end of the period): <c>start</c> reads
/// the instant before the period's first day, <c>end</c> its last day. Null reads the statement's own period.
/// </param>
public sealed record TemplateLine(string Key, string Concept, Dictionary<string, string>? Dimensions, string Label, int Indent = 0, string? Nature = null, string? At = null)
{
    public Period PeriodFor(Period statementPeriod) => (At, statementPeriod.Start) switch
    {
        ("start", { } start) => Period.Instant(start.AddDays(-1)),
        ("end", _) => Period.Instant(statementPeriod.End),
        _ => statementPeriod,
    };

    public string DimensionsKey => Values.Dimensions.Canonical(Dimensions);

    /// <summary>Statements show actual figures unless a line asks for a forecast or a target.</summary>
    public string NatureName => Nature ?? "actual";
}

/// <summary>A sum that must tie: <see cref="Total"/> equals the signed sum of <see cref="SumOf"/> ("-key" subtracts).</summary>
public sealed record TemplateCheck(string Name, string Total, IReadOnlyList<string> SumOf);

/// <summary>
/// A statement's layout as data: which concepts, in which order, with which labels, and which sums must tie.
/// The templates live in <c>templates.json</c>, not in code, so that adding a line is a data change.
/// </summary>
public sealed record StatementTemplate(string Statement, string Title, string PeriodKind, IReadOnlyList<TemplateLine> Lines, IReadOnlyList<TemplateCheck> Checks)
{
    public bool IsInstant => PeriodKind == "instant";
}

public static class StatementTemplates
{
    private static readonly Lazy<IReadOnlyDictionary<string, StatementTemplate>> Loaded = new(Load);

    public static IReadOnlyDictionary<string, StatementTemplate> All => Loaded.Value;

    public static StatementTemplate? Find(string statement) => All.GetValueOrDefault(statement);

    private sealed record TemplateFile(List<StatementTemplate> Templates);

    private static IReadOnlyDictionary<string, StatementTemplate> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Ledger.Domain.Statements.templates.json")
            ?? throw new InvalidOperationException("templates.json is not embedded in Ledger.Domain");
        var file = JsonSerializer.Deserialize<TemplateFile>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException("templates.json is empty");
        foreach (var template in file.Templates) Validate(template);
        return file.Templates.ToDictionary(t => t.Statement, StringComparer.Ordinal);
    }

    /// <summary>A template that names a missing line in a check is a bug in the data: fail at start-up, not in a response.</summary>
    private static void Validate(StatementTemplate template)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in template.Lines)
        {
            if (!keys.Add(line.Key)) throw new InvalidDataException($"{template.Statement}: line key '{line.Key}' appears twice");
            if (line.At is not (null or "start" or "end")) throw new InvalidDataException($"{template.Statement}: line '{line.Key}' has at '{line.At}'");
        }
        foreach (var check in template.Checks)
        foreach (var key in check.SumOf.Select(k => k.TrimStart('-')).Append(check.Total))
            if (!keys.Contains(key)) throw new InvalidDataException($"{template.Statement}: check '{check.Name}' names unknown line '{key}'");
    }
}
