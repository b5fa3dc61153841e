using Ledger.Api.Facts;
using Ledger.Api.Hosting;
using Ledger.Api.Pages.Components;
using Ledger.Api.Restatements;
using Ledger.Api.Statements;
using Ledger.Domain.Statements;
using Ledger.Domain.Values;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ledger.Api.Pages;

/// <summary>
/// The pages compliance staff read, under <c>/ui/</c>: server-rendered Razor components returned from endpoints.
/// Each page calls the API endpoint whose path it mirrors, so it shows what the API answers and nothing else.
/// </summary>
public static class LedgerPages
{
    public static IServiceCollection AddLedgerPages(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddPageSignIn();
        return services;
    }

    public static IEndpointRouteBuilder MapLedgerPages(this IEndpointRouteBuilder app)
    {
        var ui = app.MapGroup(PageLinks.Root).ExcludeFromDescription();
        ui.MapGet("/", EntitiesAsync);
        ui.MapGet("/statement", PickStatement);
        ui.MapGet("/entities/{entity}/statements/{statement}", StatementAsync);
        ui.MapGet("/entities/{entity}/facts/{concept}/history", HistoryAsync);
        ui.MapGet("/restatements", RestatementsAsync);
        ui.MapGet("/restatements/items", RestatementItemsAsync);
        ui.MapGet("/assets/{name}", PageAssets.Get).AllowAnonymous();
        ui.MapPageSignIn();
        return app;
    }

    private static async Task<IResult> EntitiesAsync(HttpContext context, IQuerySession session, CancellationToken cancellation) =>
        new RazorComponentResult<EntitiesPage>(new
        {
            Entities = await LedgerCatalog.EntitiesAsync(session, cancellation),
            User = context.User.Identity?.Name,
        });

    /// <summary>The pickers' form posts here by GET; the answer is the statement's own bookmarkable URL.</summary>
    private static IResult PickStatement(string entity, string statement, string? period, string? asOf, string? recordedAsOf, string? basis, string? since) =>
        Results.Redirect(PageLinks.Statement(entity.Trim(), statement, new StatementQuery(period, asOf, recordedAsOf, basis, since)));

    private static async Task<IResult> StatementAsync(
        string entity, string statement, string? period, string? asOf, string? recordedAsOf, string? basis, string? since,
        HttpContext context, IQuerySession session, LineItemVersionsReader reader, TimeProvider clock, CancellationToken cancellation)
    {
        var query = new StatementQuery(period, asOf, recordedAsOf, basis, since);
        var periods = await LedgerCatalog.PeriodsAsync(session, entity, cancellation);
        var template = StatementTemplates.Find(statement);
        // A statement opened from the entity list starts at the entity's latest period of the statement's kind.
        if (template is not null && string.IsNullOrEmpty(period) && LatestPeriod(periods, template) is { } latest)
            return Results.Redirect(PageLinks.Statement(entity, statement, query with { Period = latest }));

        var answer = await ReadStatementAsync(entity, statement, template, query, session, reader, clock, cancellation);
        var changes = answer.Answer is not null && !string.IsNullOrEmpty(since)
            ? ApiAnswer<ChangesAnswer>.Of(await GetStatementChangesEndpoint.Get(
                entity, statement, period, since, answer.Answer.ComputedFrom.AsOf.ToString("O"), recordedAsOf, basis, session, reader, clock, cancellation))
            : null;
        var model = new StatementPageModel(entity, statement, template, query, periods,
            await LedgerCatalog.EntitiesAsync(session, cancellation), answer.Answer, changes?.Answer, answer.Problem ?? changes?.Problem);
        return new RazorComponentResult<StatementPage>(new { Model = model, User = context.User.Identity?.Name })
        {
            StatusCode = answer.Problem is null ? changes?.Status ?? answer.Status : answer.Status,
        };
    }

    /// <summary>
    /// The statement endpoint's validation and reading, without its HTTP caching: a page names its reader and is
    /// never a public, immutable answer.
    /// </summary>
    private static async Task<ApiAnswer<StatementAnswer>> ReadStatementAsync(
        string entity, string statement, StatementTemplate? template, StatementQuery query,
        IQuerySession session, LineItemVersionsReader reader, TimeProvider clock, CancellationToken cancellation)
    {
        if (template is null) return ApiAnswer<StatementAnswer>.Of(GetStatementAsOfEndpoint.UnknownStatement(statement));
        var rejections = new Rejections();
        var point = ReadingPoint.Parse(query.AsOf, query.RecordedAsOf, query.Basis, clock, rejections);
        var wanted = ReadingPoint.ParsePeriod(query.Period, required: true, rejections);
        if (point is null || wanted is null || rejections.Any) return ApiAnswer<StatementAnswer>.Of(LedgerProblems.Validation(rejections));
        var (answer, _) = await GetStatementAsOfEndpoint.ReadAsync(session, reader, entity, template, wanted.Value, point, cancellation);
        return new(answer, null, StatusCodes.Status200OK);
    }

    private static string? LatestPeriod(IReadOnlyList<string> periods, StatementTemplate template) =>
        periods.Select(p => Period.TryParse(p, out var parsed, out _) ? parsed : (Period?)null)
            .OfType<Period>()
            .Where(p => p.IsInstant == template.IsInstant)
            .OrderByDescending(p => p.End).ThenBy(p => p.Start)
            .Select(p => p.ToString())
            .FirstOrDefault();

    private static async Task<IResult> HistoryAsync(
        string entity, string concept, string? period, string? dimensions, string? nature, string? recordedAsOf,
        HttpContext context, IQuerySession session, TimeProvider clock, CancellationToken cancellation)
    {
        var answer = ApiAnswer<HistoryAnswer>.Of(await GetLineItemHistoryEndpoint.Get(
            entity, concept, period, dimensions, nature, recordedAsOf, session, clock, cancellation));
        return new RazorComponentResult<HistoryPage>(new
        {
            Entity = entity, Concept = concept, answer.Answer, answer.Problem, User = context.User.Identity?.Name,
        })
        { StatusCode = answer.Status };
    }

    /// <summary>How many of the latest restatements the feed page opens with.</summary>
    public const int FeedLength = 50;

    private static async Task<IResult> RestatementsAsync(HttpContext context, IQuerySession session, CancellationToken cancellation)
    {
        var latest = await RestatementLog.ReadLatestAsync(session, FeedLength, cancellation);
        return new RazorComponentResult<RestatementsPage>(new { Restatements = latest, User = context.User.Identity?.Name });
    }

    /// <summary>The feed's script asks for these when the SSE stream announces restatements: server-rendered items, newest first.</summary>
    private static async Task<IResult> RestatementItemsAsync(long after, IQuerySession session, CancellationToken cancellation)
    {
        var page = await RestatementLog.ReadAsync(session, after, FeedLength, cancellation);
        return new RazorComponentResult<RestatementItems>(new { Restatements = page.Restatements.Reverse().ToList() });
    }
}

public sealed record StatementPageModel(
    string Entity, string Statement, StatementTemplate? Template, StatementQuery Query, IReadOnlyList<string> Periods,
    IReadOnlyList<string> Entities, StatementAnswer? Answer, ChangesAnswer? Changes, Microsoft.AspNetCore.Mvc.ProblemDetails? Problem);
