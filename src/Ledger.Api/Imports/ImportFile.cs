using System.Text.Json;
using Ledger.Api.WorkedExample;
using Ledger.Domain.Imports;
using Ledger.Domain.ShareBasis;
using Marten;
using Spectre.Console;

namespace Ledger.Api.Imports;

/// <summary>
/// <c>import edgar --file … --entity …</c> and <c>import xbrl-json --file … --entity …</c>: the command line's way to
/// the same importer the endpoints use, with a progress bar over the filings and one line per refused filing.
/// </summary>
public static class ImportFile
{
    public const string Edgar = "edgar";
    public const string XbrlJsonFormat = "xbrl-json";

    public static async Task<ImportResult> RunAsync(IServiceProvider services, string format, string file, string entity,
        string? filingId, string? title, string? knownFrom, CancellationToken cancellation = default)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var policy = services.GetRequiredService<ShareBasisPolicy>();
        var settings = services.GetRequiredService<ImportSettings>();
        if (new FileInfo(file).Length > settings.MaxBodyBytes)
            throw new InvalidDataException($"{file} is larger than the import limit of {settings.MaxBodyBytes} bytes (Ledger:Imports:MaxBodyBytes).");

        await using var stream = File.OpenRead(file);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellation);
        var (filings, skipped) = format switch
        {
            Edgar => (EdgarCompanyFacts.Read(document.RootElement), 0),
            XbrlJsonFormat => XbrlJson.Read(document.RootElement, filingId, title, knownFrom) is var (one, s) ? ((IReadOnlyList<ImportedFiling>)[one], s) : default,
            _ => throw new ArgumentException($"format '{format}' is not {Edgar} or {XbrlJsonFormat}", nameof(format)),
        };

        ImportResult result = null!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask($"{entity}: {filings.Count} filings", maxValue: filings.Count);
                var progress = new SynchronousProgress(step => bar.Value = step.Done);
                result = await FilingImporter.ImportAsync(store, entity, filings, policy, skipped, ImportCommand.Importer.Identity!.Name, progress, cancellation);
            });
        return result;
    }

    /// <summary>Reports on the importer's own thread: <see cref="Progress{T}"/> would post to a thread pool and lag the bar.</summary>
    private sealed class SynchronousProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }

    public static void Print(ImportResult result)
    {
        foreach (var refused in result.Results.Where(r => r.Outcome == ImportedFilingResult.Refused))
            Console.WriteLine($"REFUSED {refused.FilingId} ({refused.Title}): {refused.Code}: {refused.Detail}");
        Console.WriteLine($"{result.Entity}: {result.Filings} filings, {result.Recorded} recorded, {result.AlreadyRecorded} already recorded " +
                          $"(nothing appended), {result.Refused} refused; {result.FactsRead} facts read, {result.FactsSkipped} skipped (not figures).");
    }
}
