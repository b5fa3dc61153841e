using Ledger.Domain.Filings;
using Ledger.Domain.LineItems;

namespace Ledger.Tests.Infrastructure;

/// <summary>Builders for the requests tests send, with sensible defaults for everything a test does not care about.</summary>
public static class Scenarios
{
    private static int _entities;

    /// <summary>A fresh entity code, so that a test's line items are its own.</summary>
    public static string NewEntity() => $"T{Interlocked.Increment(ref _entities):D3}{Random.Shared.Next(1000, 9999)}";

    public static FactInput Revenue(decimal value, string period = "2012-04-01/2012-12-31", string source = "Income statement: Total revenues") =>
        new(Concept: "Revenues", Period: period, Value: value, Unit: "JPY", Decimals: -3, Source: source);

    public static FactInput OperatingIncome(decimal value, string period = "2012-04-01/2012-12-31") =>
        new(Concept: "OperatingIncomeLoss", Period: period, Value: value, Unit: "JPY", Decimals: -3, Source: "Income statement: Operating income");

    public static FactInput DividendPerShare(decimal value, string? shareBasisDate = null, string period = "2011-04-01/2012-03-31") =>
        new(Concept: "CommonStockDividendsPerShareDeclared", Period: period, Value: value, Unit: "JPY/share", Decimals: 2,
            ShareBasisDate: shareBasisDate, Source: "Dividends table: year-end");

    public static FactInput SharesOutstanding(decimal value, string? shareBasisDate = null, string period = "2012-03-31") =>
        new(Concept: "CommonStockSharesOutstanding", Period: period, Value: value, Unit: "shares", Decimals: 0,
            ShareBasisDate: shareBasisDate, Source: "Balance sheet: shares outstanding");

    public static object Split(string splitId, int from, int to, string effectiveOn, string knownFrom) =>
        new { splitId, from, to, effectiveOn, knownFrom };

    public static object Revision(string revisionId, FactInput fact, string knownFrom, string reason, int? expectedVersion = null) => new
    {
        revisionId, concept = fact.Concept, period = fact.Period, dimensions = fact.Dimensions, nature = fact.Nature,
        value = fact.Value, unit = fact.Unit, decimals = fact.Decimals, shareBasisDate = fact.ShareBasisDate, source = fact.Source,
        knownFrom, reason, expectedVersion,
    };

    public static FilingInput Filing(string filingId, string knownFrom, params FactInput[] facts) =>
        new(filingId, $"Test filing {filingId}", knownFrom, facts.ToList());
}
