using Ledger.Api.Exports;
using Ledger.Domain.LineItems;
using Ledger.Api.Facts;
using Ledger.Api.Reading;
using Ledger.Api.Http;
using Ledger.Api.Telemetry;
using Ledger.Domain.ShareBasis;
using Ledger.Domain.Statements;
using Ledger.Domain.Values;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Api.Statements;

/// <summary>A statement line with the value in force, or nothing when the line was not known at the reading point.</summary>
public sealed record StatementLine(
    string Key, string Label, int Indent, string Concept, IReadOnlyDictionary<string, string> Dimensions,
    decimal Value, string Unit, int Decimals, DateOnly? ShareBasisDate, decimal ReportedValue, IReadOnlyList<string> AdjustedBySplits,
    int Version, DateTimeOffset KnownFrom, string Cause, string CausedBy, string Source, string? Note, bool Restated, string? FilingTitle,
    ValueRange? Range, string? DerivedFrom, string Period, string Kind,
    string Nature, int ReportedDecimals, DateOnly? ReportedShareBasisDate, DateTimeOffset RecordedAt, int? Supersedes)
{
    public static StatementLine From(TemplateLine line, FactView fact) => new(
        line.Key, line.Label, line.Indent, fact.Concept, fact.Dimensions,
        fact.Value, fact.Unit, fact.Decimals, fact.ShareBasisDate, fact.ReportedValue, fact.AdjustedBySplits, fact.Version, fact.KnownFrom,
        fact.Cause, fact.CausedBy, fact.Source, fact.Note, fact.Restated, fact.FilingTitle, fact.Range, fact.DerivedFrom, fact.Period, fact.Kind,
        fact.Nature, fact.ReportedDecimals, fact.ReportedShareBasisDate, fact.RecordedAt, fact.Supersedes);

    public CheckedValue Checked => new(Value, Decimals, Range?.Low, Range?.High);

    public ExportRow ToExportRow() => new(Key, Label, Concept, Period, Dimensions, Nature,
        Value, Unit, Decimals, ShareBasisDate, ReportedValue, ReportedDecimals, ReportedShareBasisDate, AdjustedBySplits,
        Version, KnownFrom, RecordedAt, Cause, CausedBy, Supersedes, Source, Note, Restated);
}

public sealed record StatementAnswer(
    string Entity, string Statement, string Title, string Period, ComputedFrom ComputedFrom,
    bool Empty, string? Message, IReadOnlyList<StatementLine> Lines, IReadOnlyList<TieOutResult> Checks,
    Translation? Translation = null);

/// <summary>
/// <c>GET /api/entities/{entity}/statements/{statement}</c>: a templated statement for one period as known at a
/// reading point, with the template's tie-out checks evaluated on the values shown.
/// </summary>
public static class GetStatementAsOfEndpoint
{
    public static IResult UnknownStatement(string statement) => LedgerProblems.NotFound(RejectionCodes.StatementUnknown,
        $"No statement '{statement}'. Known statements: {string.Join(", ", StatementTemplates.All.Keys)}.");

    /// <summary>Which share basis a shown value is on: the last split in force at the reading point that it already reflects.</summary>
    private static string BasisLabel(DateOnly shareBasisDate, ShareBasisHistory? history, ReadingPoint point) =>
        (history?.Splits ?? [])
            .Where(s => s.InForceFrom <= point.AsOf && s.RecordedAt <= point.RecordedAsOf && s.EffectiveOn <= shareBasisDate)
            .MaxBy(s => s.EffectiveOn) is { } split
            ? $"after the {split.From}:{split.To} change of {split.EffectiveOn:yyyy-MM-dd}"
            : "before any share-basis change";

    [WolverineGet("/api/entities/{entity}/statements/{statement}", Name = "GetStatementAsOf")]
    [Tags("Statements")]
    [ProducesResponseType<StatementAnswer>(StatusCodes.Status200OK)]
    [ProblemResponse(StatusCodes.Status400BadRequest, RejectionCodes.Validation, RejectionCodes.RequestInvalid)]
    [ProblemResponse(StatusCodes.Status404NotFound, RejectionCodes.StatementUnknown)]
    public static async Task<IResult> Get(
        string entity, string statement, string? period, string? asOf, string? recordedAsOf, string? basis, string? currency, string? format,
        IQuerySession session, LineItemVersionsReader reader, SettledAnswers settled, TimeProvider clock, HttpContext http,
        CancellationToken cancellation)
    {
        if (StatementTemplates.Find(statement) is not { } template) return UnknownStatement(statement);
        if (AnswerFormat.Of(format, http.Request) is not { } answerFormat) return AnswerFormat.Unknown(format);

        var rejections = new Rejections();
        var point = ReadingPoint.Parse(asOf, recordedAsOf, basis, clock, rejections);
        var wanted = ReadingPoint.ParsePeriod(period, required: true, rejections);
        if (currency is not null && !ConvenienceTranslation.IsCurrency(currency))
            rejections.Add("currency", RejectionCodes.CurrencyUnknown, $"currency '{currency}' is not a known currency code such as 'USD'.");
        if (point is null || wanted is null || rejections.Any) return LedgerProblems.Validation(rejections);

        if (await settled.NotModifiedAsync(http, point, cancellation) is { } notModified) return notModified;
        var (answer, found) = await ReadAsync(session, reader, entity, template, wanted.Value, point, cancellation);
        settled.Answered(http, point, found);
        var from = answer.Lines.Select(l => l.Unit.Split('/')[0]).Where(ConvenienceTranslation.IsCurrency).FirstOrDefault(c => c != currency);
        if (currency is null || from is null) return answerFormat.Write(answer, answer.Entity, answer.ComputedFrom, answer.Lines.Select(l => l.ToExportRow()));
        var translation = await ConvenienceTranslation.RateAsync(session, reader, entity, point, from, currency, cancellation);
        if (translation is null)
        {
            rejections.Add("currency", RejectionCodes.TranslationRateUnknown,
                $"No {from}/{currency} convenience-translation rate of '{entity}' was known as of {point.AsOf:O}.");
            return LedgerProblems.Validation(rejections);
        }
        var translated = Translated(template, answer, translation);
        return answerFormat.Write(translated, translated.Entity, translated.ComputedFrom, translated.Lines.Select(l => l.ToExportRow()));
    }

    /// <summary>The statement in another currency: every money line translated, and the checks evaluated on what is shown.</summary>
    private static StatementAnswer Translated(StatementTemplate template, StatementAnswer answer, Translation translation)
    {
        var lines = answer.Lines.Select(l => ConvenienceTranslation.Translate(l, translation)).ToList();
        return answer with { Lines = lines, Checks = TieOut.Evaluate(template, lines.ToDictionary(l => l.Key, l => l.Checked)), Translation = translation };
    }

    public static async Task<(StatementAnswer Answer, VersionRows Found)> ReadAsync(
        IQuerySession session, LineItemVersionsReader reader, string entity, StatementTemplate template, Period period, ReadingPoint point,
        CancellationToken cancellation)
    {
        var periodText = period.ToString();
        var periods = template.Lines.Select(l => l.PeriodFor(period).ToString()).Distinct().ToArray();
        var concepts = template.Lines.Select(l => l.Concept).Distinct().ToArray();
        var found = await reader.InForceAsync(session, entity, point, new LineFilter(Periods: periods, Concepts: concepts), cancellation);
        var byLine = found.Rows.ToDictionary(r => (r.Concept, r.DimensionsKey, r.Nature, r.Period));
        var shareBasis = found.ShareBasis;

        var lines = template.Lines
            .Select(l => (Line: l, Row: byLine.GetValueOrDefault((l.Concept, l.DimensionsKey, l.NatureName, l.PeriodFor(period).ToString()))))
            .Where(x => x.Row is not null)
            .Select(x => StatementLine.From(x.Line, FactView.From(x.Row!, shareBasis, point)))
            .ToList();
        var checks = TieOut.Evaluate(template,
            lines.ToDictionary(l => l.Key, l => l.Checked),
            lines.Where(l => l.ShareBasisDate is not null).ToDictionary(l => l.Key, l => BasisLabel(l.ShareBasisDate!.Value, shareBasis, point)));
        var message = lines.Count == 0
            ? $"No line of the {template.Title.ToLowerInvariant()} for {periodText} was known as of {point.AsOf:O} (recorded as of {point.RecordedAsOf:O})."
            : null;
        return (new StatementAnswer(entity, template.Statement, template.Title, periodText,
            ComputedFrom.Of(point, found), lines.Count == 0, message, lines, checks), found);
    }
}
