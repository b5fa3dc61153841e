using Ledger.Api.Http;
using Ledger.Api.Reading;
using Ledger.Domain.Values;

namespace Ledger.Api.Exports;

/// <summary>
/// The form an answer is written in: JSON (the default), CSV (<c>format=csv</c> or <c>Accept: text/csv</c>) or an
/// xBRL-JSON report (<c>format=xbrl-json</c> or <c>Accept: application/xbrl+json</c>). The query parameter wins over Accept.
/// </summary>
public sealed record AnswerFormat(string Name)
{
    public static readonly AnswerFormat Json = new("json");
    public static readonly AnswerFormat Csv = new("csv");
    public static readonly AnswerFormat XbrlJson = new("xbrl-json");

    public const string CsvMediaType = "text/csv";
    public const string XbrlJsonMediaType = "application/xbrl+json";

    /// <summary>The format asked for, or null when <paramref name="format"/> names none the ledger writes.</summary>
    public static AnswerFormat? Of(string? format, HttpRequest request) => format switch
    {
        null or "" => FromAccept(request.Headers.Accept.ToString()),
        "json" => Json,
        "csv" => Csv,
        "xbrl-json" => XbrlJson,
        _ => null,
    };

    private static AnswerFormat FromAccept(string accept) =>
        accept.Contains(CsvMediaType, StringComparison.OrdinalIgnoreCase) ? Csv
        : accept.Contains(XbrlJsonMediaType, StringComparison.OrdinalIgnoreCase) ? XbrlJson
        : Json;

    public static IResult Unknown(string? format) => LedgerProblems.Validation(
        [new Rejection("format", RejectionCodes.FormatUnknown, $"format '{format}' is not one of json, csv, xbrl-json.")]);

    /// <summary>The answer as JSON, or its figures (<paramref name="rows"/>) as CSV or as an xBRL-JSON report.</summary>
    public IResult Write<TAnswer>(TAnswer answer, string entity, ComputedFrom computedFrom, IEnumerable<ExportRow> rows) => Name switch
    {
        "csv" => Results.Text(CsvExport.Write(computedFrom, rows), $"{CsvMediaType}; charset=utf-8"),
        "xbrl-json" => Results.Text(XbrlJsonExport.Write(entity, computedFrom, rows), XbrlJsonMediaType),
        _ => Results.Ok(answer),
    };
}
