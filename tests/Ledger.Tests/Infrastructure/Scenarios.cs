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

    public static FilingInput Filing(string filingId, string knownFrom, params FactInput[] facts) =>
        new(filingId, $"Test filing {filingId}", knownFrom, facts.ToList());
}
