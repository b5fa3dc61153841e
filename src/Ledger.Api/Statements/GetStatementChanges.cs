using Ledger.Api.Reading;
using Ledger.Api.Http;
using Ledger.Domain.Statements;
using Ledger.Domain.Values;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Api.Statements;

/// <summary>A statement line that differs between two as-of dates; a side is null where the line was not shown.</summary>
public sealed record LineChange(string Key, string Label, string Change, StatementLine? Before, StatementLine? After);

public sealed record ChangesAnswer(string Entity, string Statement, string Period, ComputedFrom From, ComputedFrom To, IReadOnlyList<LineChange> Changes);

/// <summary>
/// <c>GET /api/entities/{entity}/statements/{statement}/changes?period=&amp;from=&amp;to=</c>: the lines whose value,
/// version or basis differ between two as-of dates, both read at the same recorded time.
/// </summary>
public static class GetStatementChangesEndpoint
{
    [WolverineGet("/api/entities/{entity}/statements/{statement}/changes", Name = "GetStatementChanges")]
    [Tags("Statements")]
    [ProducesResponseType<ChangesAnswer>(StatusCodes.Status200OK)]
    [ProblemResponse(StatusCodes.Status400BadRequest, RejectionCodes.Validation, RejectionCodes.RequestInvalid)]
    [ProblemResponse(StatusCodes.Status404NotFound, RejectionCodes.StatementUnknown)]
    public static async Task<IResult> Get(
        string entity, string statement, string? period, string? from, string? to, string? recordedAsOf, string? basis,
        IQuerySession session, LineItemVersionsReader reader, TimeProvider clock, CancellationToken cancellation)
    {
        if (StatementTemplates.Find(statement) is not { } template) return GetStatementAsOfEndpoint.UnknownStatement(statement);

        var rejections = new Rejections();
        if (string.IsNullOrEmpty(from)) rejections.Add("from", RejectionCodes.Required, "from is required: the earlier as-of date.");
        if (string.IsNullOrEmpty(to)) rejections.Add("to", RejectionCodes.Required, "to is required: the later as-of date.");
        var before = ReadingPoint.Parse(from, recordedAsOf, basis, clock, rejections);
        var wanted = ReadingPoint.ParsePeriod(period, required: true, rejections);
        if (before is null || wanted is null || rejections.Any) return LedgerProblems.Validation(rejections);
        var after = ReadingPoint.Parse(to, before.RecordedAsOf.ToString("O"), basis, clock, rejections);
        if (after is null) return LedgerProblems.Validation(rejections);

        var (old, _) = await GetStatementAsOfEndpoint.ReadAsync(session, reader, entity, template, wanted.Value, before, cancellation);
        var (@new, _) = await GetStatementAsOfEndpoint.ReadAsync(session, reader, entity, template, wanted.Value, after, cancellation);
        return Results.Ok(new ChangesAnswer(entity, template.Statement, old.Period, old.ComputedFrom, @new.ComputedFrom, Diff(template, old, @new)));
    }

    private static List<LineChange> Diff(StatementTemplate template, StatementAnswer old, StatementAnswer @new)
    {
        var oldLines = old.Lines.ToDictionary(l => l.Key);
        var newLines = @new.Lines.ToDictionary(l => l.Key);
        return template.Lines
            .Select(l => (l, Before: oldLines.GetValueOrDefault(l.Key), After: newLines.GetValueOrDefault(l.Key)))
            .Select(x => (x.l, x.Before, x.After, Change: (x.Before, x.After) switch
            {
                (null, null) => null,
                (null, _) => "added",
                (_, null) => "removed",
                var (b, a) when b.Value != a.Value || b.Version != a.Version || b.Unit != a.Unit => "changed",
                _ => null,
            }))
            .Where(x => x.Change is not null)
            .Select(x => new LineChange(x.l.Key, x.l.Label, x.Change!, x.Before, x.After))
            .ToList();
    }
}
