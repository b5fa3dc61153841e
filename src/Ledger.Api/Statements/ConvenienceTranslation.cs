using Ledger.Api.Facts;
using Ledger.Domain.Filings;
using Ledger.Domain.LineItems;
using Ledger.Domain.Values;
using Marten;

namespace Ledger.Api.Statements;

/// <summary>The rate a statement was translated at, and the fact that states it.</summary>
public sealed record Translation(string From, string To, decimal Rate, string RatePeriod, string RateSource);

/// <summary>
/// A convenience translation (<c>currency=USD</c>): the company states one rate in its filing ("JPY86.12 per US$1.00")
/// and prints its statements divided by it. The ledger keeps the rate as a fact (<see cref="Concept"/>, unit
/// <c>JPY/USD</c>) and computes the view on request; translated figures are never stored.
/// </summary>
public static class ConvenienceTranslation
{
    public const string Concept = "ConvenienceTranslationRate";

    /// <summary>The latest rate from <paramref name="from"/> to <paramref name="to"/> known at the reading point, or null.</summary>
    public static async Task<Translation?> RateAsync(
        IQuerySession session, LineItemVersionsReader reader, string entity, ReadingPoint point, string from, string to, CancellationToken cancellation)
    {
        var found = await reader.InForceAsync(session, entity, point, new LineFilter(Concepts: [Concept]), cancellation);
        var rate = found.Rows.Where(r => r.Unit == $"{from}/{to}").MaxBy(r => r.Period, StringComparer.Ordinal);
        return rate is null ? null : new Translation(from, to, rate.Value, rate.Period, rate.Source);
    }

    /// <summary>
    /// One line in the other currency: money and money per share divided by the rate and rounded, half away from zero,
    /// to the precision the line was published at, as the document rounds its dollar columns. Other units are unchanged.
    /// </summary>
    public static StatementLine Translate(StatementLine line, Translation translation)
    {
        var unit = line.Unit == translation.From ? translation.To
            : line.Unit.StartsWith(translation.From + "/", StringComparison.Ordinal) ? translation.To + line.Unit[translation.From.Length..]
            : null;
        if (unit is null) return line;
        decimal Convert(decimal value, int decimals) => FiledPublication.Round(value / translation.Rate, decimals);
        return line with
        {
            Value = Convert(line.Value, line.Decimals),
            Unit = unit,
            Kind = "translated",
            // The bounds of a cut-off cell are finer than the digits printed (thousands, where the cell kept tens of thousands).
            Range = line.Range is { } r ? new ValueRange(Convert(r.Low, PrecisionOf(r)), Convert(r.High, PrecisionOf(r))) : null,
        };
    }

    /// <summary>The precision both bounds are exact at: −3 for [165,260,000; 165,269,000].</summary>
    private static int PrecisionOf(ValueRange range)
    {
        var decimals = 0;
        while (decimals > -15 && range.Low % Pow10(1 - decimals) == 0 && range.High % Pow10(1 - decimals) == 0) decimals--;
        return decimals;
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++) result *= 10m;
        return result;
    }

    public static bool IsCurrency(string code) => Unit.TryParse(code, out var unit) && unit.Kind == UnitKind.Monetary;
}
