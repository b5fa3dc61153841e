using Ledger.Api.Http;
using Ledger.Api.Reading;
using Ledger.Domain.Values;
using Ledger.Projections.ShareBasis;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Api.Facts;

public sealed record FactsAnswer(string Entity, ComputedFrom ComputedFrom, int Count, IReadOnlyList<FactView> Facts);

/// <summary><c>GET /api/entities/{entity}/facts</c>: every line item as known at a reading point, optionally filtered.</summary>
public static class GetFactsAsOfEndpoint
{
    [WolverineGet("/api/entities/{entity}/facts", Name = "GetFactsAsOf")]
    [Tags("Facts")]
    [ProducesResponseType<FactsAnswer>(StatusCodes.Status200OK)]
    [ProblemResponse(StatusCodes.Status400BadRequest, RejectionCodes.Validation, RejectionCodes.RequestInvalid)]
    public static async Task<IResult> Get(
        string entity, string? asOf, string? recordedAsOf, string? period, string? concept, string? nature, string? basis,
        string? format, IQuerySession session, LineItemVersionsReader reader, SettledAnswers settled, TimeProvider clock, HttpContext http,
        CancellationToken cancellation)
    {
        if (Exports.AnswerFormat.Of(format, http.Request) is not { } answerFormat) return Exports.AnswerFormat.Unknown(format);
        var rejections = new Rejections();
        var point = ReadingPoint.Parse(asOf, recordedAsOf, basis, clock, rejections);
        var wantedPeriod = ReadingPoint.ParsePeriod(period, required: false, rejections);
        Nature wantedNature = default;
        if (nature is not null && !NatureNames.TryParse(nature, out wantedNature))
            rejections.Add("nature", RejectionCodes.NatureUnknown, $"nature '{nature}' is not one of actual, forecast, target.");
        if (point is null || rejections.Any) return LedgerProblems.Validation(rejections);

        if (await settled.NotModifiedAsync(http, point, cancellation) is { } notModified) return notModified;

        var filter = new LineFilter(
            Periods: wantedPeriod is { } p ? [p.ToString()] : null,
            Concepts: string.IsNullOrEmpty(concept) ? null : [concept],
            Nature: nature is null ? null : wantedNature.ToName());
        var found = await reader.InForceAsync(session, entity, point, filter, cancellation);
        settled.Answered(http, point, found);
        var facts = found.Rows
            // The line item's id last (it ends with the nature: an actual and a forecast of one line): a total order, so the
            // same question gets the same bytes whatever order the serving generation's query returned its rows in.
            .OrderBy(r => r.Concept, StringComparer.Ordinal).ThenBy(r => r.Period, StringComparer.Ordinal).ThenBy(r => r.DimensionsKey, StringComparer.Ordinal)
            .ThenBy(r => r.LineItemId, StringComparer.Ordinal)
            .Select(r => FactView.From(r, found.ShareBasis, point)).ToList();
        var answer = new FactsAnswer(entity, ComputedFrom.Of(point, found), facts.Count, facts);
        return answerFormat.Write(answer, entity, answer.ComputedFrom, facts.Select(Exports.ExportRow.Of));
    }
}
