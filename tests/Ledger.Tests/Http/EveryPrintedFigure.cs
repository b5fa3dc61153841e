using System.Text.Json;
using Ledger.Api.Facts;
using Ledger.Api.Filings;
using Ledger.Api.Statements;
using Ledger.Tests.Infrastructure;

namespace Ledger.Tests.Http;

/// <summary>
/// Every cell of every table of the IIJ press release (WorkedExample/press-release-cells.json: line, printed text,
/// unit, scale, and the line item it is a figure of), asked of the ledger in a few bulk requests.
/// </summary>
[Collection(LedgerApiCollection.Name)]
public sealed class EveryPrintedFigure(LedgerApi api) : IAsyncLifetime
{
    private const string Filing = "IIJ-2013-02-08-3Q-FY2012";

    public Task InitializeAsync() => api.GivenTheWorkedExampleAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private sealed record Ask(string Concept, string Period, Dictionary<string, string> Dimensions, string Nature, string Basis)
    {
        public string Key => Of(Concept, Period, Dimensions, Nature);
        public static string Of(string concept, string period, IReadOnlyDictionary<string, string> dimensions, string nature) =>
            $"{concept}|{period}|{string.Join(",", dimensions.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={d.Value}"))}|{nature}";
    }

    private sealed record Cell(int Line, string Table, string Row, string? Column, string Printed, string Kind, string Unit,
        decimal Scale, int? Decimals, decimal? Value, Ask? Ask, string? Note, decimal? DocumentAdjustment)
    {
        public override string ToString() => $"L{Line} {Table} / {Row} / {Column}: {Printed}";
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static List<Cell> Cells() => JsonSerializer.Deserialize<List<Cell>>(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "WorkedExample", "press-release-cells.json")), Json)!;

    private async Task<Dictionary<string, FactView>> FactsAsync(string basis) =>
        (await api.GetAsync<FactsAnswer>($"/api/entities/IIJ/facts?asOf=2013-02-08&basis={basis}")).Facts
            .ToDictionary(f => Ask.Of(f.Concept, f.Period, f.Dimensions, f.Nature));

    [Fact]
    public async Task Every_figure_the_document_prints_is_answered_exactly_at_its_printed_precision()
    {
        var asReported = await FactsAsync("as-reported");
        var restated = await FactsAsync("restated");
        var filing = await api.GetAsync<FilingResult>($"/api/entities/IIJ/filings/{Filing}");
        var dividends = await api.GetAsync<StatementAnswer>("/api/entities/IIJ/statements/dividends?period=2012-04-01/2013-03-31&asOf=2013-02-08&basis=as-reported");

        var figures = Cells().Where(c => c.Kind is "figure" or "truncated" or "typo" or "mixed-basis").ToList();
        var unanswered = figures.Where(cell => !Answers(cell, asReported, restated, filing, dividends)).ToList();

        Assert.True(unanswered.Count == 0, $"{unanswered.Count} of {figures.Count} not answered:\n{string.Join("\n", unanswered)}");
        Assert.Equal(754, figures.Count);
    }

    /// <summary>The statements that carry a U.S.-dollar column, for the periods it is printed for.</summary>
    private static readonly (string Statement, string Period)[] DollarColumns =
    [
        ("income", "2012-04-01/2012-12-31"), ("income", "2012-10-01/2012-12-31"), ("comprehensive-income", "2012-04-01/2012-12-31"),
        ("balance-sheet", "2012-12-31"), ("cash-flow", "2012-04-01/2012-12-31"), ("cash-flow", "2012-10-01/2012-12-31"),
        ("per-share", "2012-04-01/2012-12-31"), ("per-share", "2012-10-01/2012-12-31"),
    ];

    [Fact]
    public async Task Every_dollar_cell_is_the_statement_translated_at_the_filings_own_rate_rounded_as_printed()
    {
        var lines = new Dictionary<string, StatementLine>();
        foreach (var (statement, period) in DollarColumns)
        {
            var usd = await api.GetAsync<StatementAnswer>($"/api/entities/IIJ/statements/{statement}?period={period}&asOf=2013-02-08&currency=USD");
            Assert.Equal((86.12m, "JPY", "USD"), (usd.Translation!.Rate, usd.Translation.From, usd.Translation.To));
            foreach (var line in usd.Lines) lines.TryAdd(Ask.Of(line.Concept, line.Period, line.Dimensions, "actual"), line);
        }

        var dollars = Cells().Where(c => c.Kind == "usd").ToList();
        var wrong = dollars.Where(cell => !DollarAnswers(cell, lines.GetValueOrDefault(cell.Ask!.Key))).ToList();

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {dollars.Count} dollar cells differ:\n{string.Join("\n", wrong)}");
        Assert.Equal((223, 15), (dollars.Count, dollars.Count(c => c.DocumentAdjustment is not null)));
    }

    /// <summary>
    /// The translated line, at the cell's precision, is what the document prints; for a cut-off JPY cell the dollar cell
    /// lies in the translated range; where the document adjusted its own rounding the cell says by how much.
    /// </summary>
    private static bool DollarAnswers(Cell cell, StatementLine? line)
    {
        if (line is null || !line.Unit.StartsWith("USD", StringComparison.Ordinal)) return false;
        var decimals = cell.Decimals!.Value;
        if (line.Range is { } range)
            return Round(range.Low, decimals) <= cell.Value && cell.Value <= Round(range.High, decimals);
        return Round(line.Value, decimals) + (cell.DocumentAdjustment ?? 0m) == cell.Value;
    }

    private static decimal Round(decimal value, int decimals) => Ledger.Domain.Filings.FiledPublication.Round(value, decimals);

    [Fact]
    public async Task The_2013_filing_lists_the_million_yen_figures_that_disagree_with_its_thousand_yen_statements()
    {
        var filing = await api.GetAsync<FilingResult>($"/api/entities/IIJ/filings/{Filing}");

        var systemsIntegration = filing.InconsistentDuplicates.Single(p => p.Source.Contains("(L37)"));
        Assert.Equal((21_709_000_000m, -6, 21_708_308_000m), (systemsIntegration.Value, systemsIntegration.Decimals, systemsIntegration.RecordedValue));
        // 16 printed cells: "15,922" (3Q11 network services) is printed in two tables and the three-month
        // adjusted-EBITDA table prints its noncontrolling-interests row twice; each repeat is one publication.
        Assert.Equal(14, filing.InconsistentDuplicates.Count);
        Assert.All(filing.InconsistentDuplicates, p => Assert.Equal(1_000_000m, Math.Abs(p.Value - FiledPublicationRounded(p))));
    }

    private static decimal FiledPublicationRounded(Ledger.Domain.Filings.FiledPublication p) =>
        Ledger.Domain.Filings.FiledPublication.Round(p.RecordedValue, p.Decimals);

    private static bool Answers(Cell cell, Dictionary<string, FactView> asReported, Dictionary<string, FactView> restated,
        FilingResult filing, StatementAnswer dividends)
    {
        var ask = cell.Ask!;
        var fact = (ask.Basis == "restated" ? restated : asReported).GetValueOrDefault(ask.Key);
        return cell.Kind switch
        {
            // The document's own "1,760.00": 2Q-end paid pre-split plus year-end forecast post-split, as the as-reported check adds it.
            "mixed-basis" => dividends.Checks.Any(c => c.Expected == cell.Value),
            "typo" => fact?.Note?.Contains(cell.Printed) == true,
            // On the restated basis the precision is the split's arithmetic, not a printed one: the value is what is compared.
            _ when ask.Basis == "restated" => fact is not null && fact.Value == cell.Value,
            // What was printed, and the thousand-yen interval its missing last digit leaves: 165,26 → [165,260; 165,269].
            "truncated" => fact is { Range: { } range } && fact.Value == cell.Value && fact.Decimals == cell.Decimals
                && (range.Low, range.High) == (cell.Value < 0 ? (cell.Value.Value - 9_000m, cell.Value.Value) : (cell.Value.Value, cell.Value.Value + 9_000m)),
            _ => fact is not null && (fact.Value == cell.Value && fact.Decimals == cell.Decimals
                || filing.Publications.Any(p => p.LineItemId == fact.LineItemId && p.Value == cell.Value && p.Decimals == cell.Decimals)),
        };
    }
}
