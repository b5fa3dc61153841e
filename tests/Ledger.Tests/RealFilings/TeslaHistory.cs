using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Imports;
using Ledger.Tests.Infrastructure;

namespace Ledger.Tests.RealFilings;

/// <summary>
/// Tesla's real published history (EDGAR companyfacts, 50 filings from 2011 to 2022) and its two real splits,
/// recorded once per test run through the public API; each test reads it under its own entity code.
/// </summary>
public static class TeslaHistory
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "RealFilings", "Data");
    public static string CompanyFacts => Path.Combine(Folder, "tsla-companyfacts.json");
    public static string Q3Report => Path.Combine(Folder, "tsla-10q-2020q3.xbrl.json");

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static readonly Dictionary<string, ImportResult> Imported = [];

    /// <summary>The splits Tesla announced and made (8-Ks of 11 August 2020 and 5 August 2022): recorded before the filings.</summary>
    public static async Task GivenItsSplitsAsync(LedgerApi api, string entity)
    {
        foreach (var split in new object[]
                 {
                     new { splitId = "TSLA-2020-5-for-1", from = 1, to = 5, effectiveOn = "2020-08-31", knownFrom = "2020-08-11" },
                     new { splitId = "TSLA-2022-3-for-1", from = 1, to = 3, effectiveOn = "2022-08-25", knownFrom = "2022-08-05" },
                 })
        {
            var response = await api.PostSplitAsync(entity, split);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>Given the whole history imported through the endpoint under <paramref name="entity"/> (once per run).</summary>
    public static async Task<ImportResult> GivenImportedAsync(LedgerApi api, string entity = "TSLA")
    {
        await Once.WaitAsync();
        try
        {
            if (Imported.TryGetValue(entity, out var done)) return done;
            await GivenItsSplitsAsync(api, entity);
            var (status, result) = await PostCompanyFactsAsync(api, entity);
            Assert.Equal(HttpStatusCode.Created, status);
            return Imported[entity] = result;
        }
        finally
        {
            Once.Release();
        }
    }

    public static async Task<(HttpStatusCode Status, ImportResult Result)> PostCompanyFactsAsync(LedgerApi api, string entity)
    {
        await using var file = File.OpenRead(CompanyFacts);
        using var body = new StreamContent(file);
        body.Headers.ContentType = new("application/json");
        var response = await api.Client.PostAsync($"/api/entities/{entity}/imports/edgar-companyfacts", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return (response.StatusCode, JsonSerializer.Deserialize<ImportResult>(text, LedgerApi.Json)!);
    }

    /// <summary>The companyfacts document cut down to the entries of its first <paramref name="count"/> filings.</summary>
    public static System.Text.Json.Nodes.JsonNode FirstFilings(int count)
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(CompanyFacts))!;
        var first = Published().OrderBy(p => p.Filed, StringComparer.Ordinal).Select(p => p.Accession).Distinct().Take(count).ToHashSet();
        foreach (var taxonomy in document["facts"]!.AsObject())
        foreach (var concept in taxonomy.Value!.AsObject())
        foreach (var unit in concept.Value!["units"]!.AsObject())
        {
            var entries = unit.Value!.AsArray();
            foreach (var entry in entries.Where(e => !first.Contains((string)e!["accn"]!)).ToList()) entries.Remove(entry);
        }
        return document;
    }

    /// <summary>Every entry of the companyfacts file, read independently of the importer, for the tests' expectations.</summary>
    public static IReadOnlyList<PublishedFact> Published()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(CompanyFacts));
        var facts = new List<PublishedFact>();
        foreach (var taxonomy in document.RootElement.GetProperty("facts").EnumerateObject())
        foreach (var concept in taxonomy.Value.EnumerateObject())
        foreach (var unit in concept.Value.GetProperty("units").EnumerateObject())
        foreach (var e in unit.Value.EnumerateArray())
        {
            var name = taxonomy.Name == "us-gaap" ? concept.Name : $"{taxonomy.Name}:{concept.Name}";
            var end = e.GetProperty("end").GetString()!;
            var period = e.TryGetProperty("start", out var start) ? $"{start.GetString()}/{end}" : end;
            facts.Add(new PublishedFact(e.GetProperty("accn").GetString()!, e.GetProperty("filed").GetString()!, name, period,
                unit.Name, e.GetProperty("val").GetDecimal()));
        }
        return facts;
    }
}

public sealed record PublishedFact(string Accession, string Filed, string Concept, string Period, string Unit, decimal Value);
