using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ledger.Api.Imports;
using Ledger.Domain.Imports;
using Ledger.Domain.ShareBasis;
using Marten;

namespace Ledger.Benchmarks;

/// <summary>
/// <c>--real-import</c>: Tesla's whole companyfacts history (50 filings, 17,718 facts) imported through the
/// importer the endpoint and the command use, into an empty ledger, then once more (a re-import appending nothing);
/// facts per second into its own section of the results file.
/// </summary>
public static class RealImport
{
    public const string Heading = "## Importing a real company's history";

    public static async Task RunAsync(IServiceProvider services, string root, string output, string load)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var file = Path.Combine(root, "tests", "Ledger.Tests", "RealFilings", "Data", "tsla-companyfacts.json");
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        var filings = EdgarCompanyFacts.Read(document.RootElement);
        var policy = services.GetRequiredService<ShareBasisPolicy>();

        var (first, firstTime) = await TimedAsync(() => FilingImporter.ImportAsync(store, "TSLA", filings, policy, 0, null, null, CancellationToken.None));
        var (again, againTime) = await TimedAsync(() => FilingImporter.ImportAsync(store, "TSLA", filings, policy, 0, null, null, CancellationToken.None));

        string Rate(TimeSpan t) => (first.FactsRead / t.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture);
        var section = $"""
            {Heading}

            Tesla's EDGAR companyfacts (tests/Ledger.Tests/RealFilings/Data): {first.Filings} filings, {first.FactsRead:N0} facts,
            each filing one transaction through the filing path every import uses. Run with `./benchmarks/run.sh --real-import`.

            | run | filings recorded / already recorded / refused | time | facts/s |
            | --- | --- | --- | --- |
            | first import, empty ledger | {first.Recorded} / {first.AlreadyRecorded} / {first.Refused} | {firstTime.TotalSeconds:N1} s | {Rate(firstTime)} |
            | re-import (appends nothing) | {again.Recorded} / {again.AlreadyRecorded} / {again.Refused} | {againTime.TotalSeconds:N1} s | {Rate(againTime)} |

            Measured {DateTime.UtcNow:yyyy-MM-dd}; load average (1 min) {load} at the start, on a 2-core machine shared with other work.
            """;
        await WriteSectionAsync(output, section);
        Console.WriteLine(section);
    }

    private static async Task<(T Result, TimeSpan Elapsed)> TimedAsync<T>(Func<Task<T>> run)
    {
        var clock = Stopwatch.StartNew();
        var result = await run();
        return (result, clock.Elapsed);
    }

    /// <summary>Replaces this benchmark's section of the results file, or appends it, leaving every other section as it was.</summary>
    private static async Task WriteSectionAsync(string path, string section)
    {
        var text = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        var start = text.IndexOf(Heading, StringComparison.Ordinal);
        if (start >= 0)
        {
            var next = text.IndexOf("\n## ", start + Heading.Length, StringComparison.Ordinal);
            text = text[..start] + text[(next < 0 ? text.Length : next + 1)..];
        }
        await File.WriteAllTextAsync(path, text.TrimEnd() + "\n\n" + section.TrimEnd() + "\n");
    }
}
