using Ledger.Api.Http;
using System.Text.RegularExpressions;
using Ledger.Api.Filings;
using Ledger.Domain.Filings;
using Ledger.Domain.Imports;
using Ledger.Domain.ShareBasis;
using Ledger.Domain.Values;
using Marten;

namespace Ledger.Api.Imports;

/// <summary>What importing one filing came to: recorded, already recorded (nothing appended), or refused with a named reason.</summary>
public sealed record ImportedFilingResult(
    string FilingId, string? Title, string? KnownFrom, int Facts, string Outcome,
    int Reported, int Confirmed, int Restated, string? Code = null, string? Detail = null, IReadOnlyList<Rejection>? Errors = null)
{
    public const string Recorded = "recorded";
    public const string AlreadyRecorded = "already_recorded";
    public const string Refused = "refused";
}

/// <summary>The answer to an import: every filing of the document, in filing order, with what became of it.</summary>
public sealed record ImportResult(
    string Entity, int Filings, int Recorded, int AlreadyRecorded, int Refused, int FactsRead, int FactsSkipped,
    IReadOnlyList<ImportedFilingResult> Results);

/// <summary>Progress of an import, for a progress bar: filings done out of all.</summary>
public sealed record ImportProgress(int Done, int Total, string FilingId, string Outcome);

/// <summary>
/// Records imported filings one by one through the ledger's one filing path (<see cref="FilingWrite"/>), each in
/// its own transaction: a filing is all or nothing, a refused one leaves no trace, and a re-import finds every
/// filing already recorded and appends nothing.
/// </summary>
public static partial class FilingImporter
{
    [GeneratedRegex(@"^facts\[(\d+)\]")]
    private static partial Regex FactIndex();

    public static async Task<ImportResult> ImportAsync(
        IDocumentStore store, string entity, IReadOnlyList<ImportedFiling> filings, ShareBasisPolicy policy, int skipped,
        string? recordedBy, IProgress<ImportProgress>? progress, CancellationToken cancellation)
    {
        var results = new List<ImportedFilingResult>();
        foreach (var filing in filings)
        {
            var result = await ImportWithRetryAsync(store, entity, filing, policy, recordedBy, cancellation);
            results.Add(result);
            progress?.Report(new ImportProgress(results.Count, filings.Count, result.FilingId, result.Outcome));
        }
        return new ImportResult(entity, results.Count,
            results.Count(r => r.Outcome == ImportedFilingResult.Recorded),
            results.Count(r => r.Outcome == ImportedFilingResult.AlreadyRecorded),
            results.Count(r => r.Outcome == ImportedFilingResult.Refused),
            filings.Sum(f => f.FactCount), skipped, results);
    }

    /// <summary>How many times an import decides a filing again after a concurrent writer moved one of its line items.</summary>
    private const int ConcurrencyAttempts = 5;

    /// <summary>
    /// An import runs unattended (on the command line too), so where an HTTP caller gets 409 and retries, it retries
    /// itself: it decides again on what the other writer committed, and the filing's id makes a repeat harmless.
    /// What counts as a concurrency failure is <see cref="ConcurrencyConflicts"/>'s one definition.
    /// </summary>
    private static async Task<ImportedFilingResult> ImportWithRetryAsync(
        IDocumentStore store, string entity, ImportedFiling imported, ShareBasisPolicy policy, string? recordedBy,
        CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ImportOneAsync(store, entity, imported, policy, recordedBy, cancellation);
            }
            catch (Exception e) when (attempt < ConcurrencyAttempts && ConcurrencyConflicts.IsConcurrencyFailure(e))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), cancellation);
            }
        }
    }

    private static async Task<ImportedFilingResult> ImportOneAsync(
        IDocumentStore store, string entity, ImportedFiling imported, ShareBasisPolicy policy, string? recordedBy,
        CancellationToken cancellation)
    {
        var filing = imported.Filing;
        ImportedFilingResult Refused(string code, string detail, IReadOnlyList<Rejection>? errors = null) =>
            new(imported.Accession, filing.Title, filing.KnownFrom, imported.FactCount, ImportedFilingResult.Refused, 0, 0, 0, code, detail, errors);

        if (imported.Refusal is { } refusal)
            return Refused(RejectionCodes.ImportMalformed, Describe(imported, refusal.All), Named(imported, refusal.All));

        var (decision, rejections) = await FilingWrite.RecordAsync(store, entity, filing, recordedBy, cancellation, policy);
        return decision switch
        {
            null => Refused(RejectionCodes.Validation, Describe(imported, rejections.All), Named(imported, rejections.All)),
            FilingDecision.Append recorded => Counted(FilingResult.From(recorded.Filing), ImportedFilingResult.Recorded, imported.FactCount),
            FilingDecision.AlreadyRecorded same => Counted(FilingResult.From(same.Original), ImportedFilingResult.AlreadyRecorded, imported.FactCount),
            FilingDecision.Conflict conflict => Refused(RejectionCodes.ExistsWithDifferentContent,
                $"accession {imported.Accession}: a filing with this id was recorded with different content (hash {conflict.Original.ContentHash})."),
            _ => throw new InvalidOperationException("unknown filing decision"),
        };
    }

    private static ImportedFilingResult Counted(FilingResult r, string outcome, int facts) =>
        new(r.FilingId, r.Title, r.KnownFrom.ToString("yyyy-MM-dd"), facts, outcome, r.Reported, r.Confirmed, r.Restated);

    private static string Describe(ImportedFiling filing, IReadOnlyList<Rejection> rejections) =>
        $"accession {filing.Accession} was refused, nothing of it recorded: " + string.Join(" ", Named(filing, rejections).Select(r => $"{r.Field}: {r.Message}"));

    /// <summary>A rejection of <c>facts[12].unit</c> names the fact itself: its concept and period in the imported document.</summary>
    private static IReadOnlyList<Rejection> Named(ImportedFiling filing, IReadOnlyList<Rejection> rejections) =>
        rejections.Select(r =>
        {
            var match = FactIndex().Match(r.Field);
            if (!match.Success || filing.Filing.Facts is not { } facts) return r;
            var fact = facts[int.Parse(match.Groups[1].Value)];
            return r with { Message = $"{fact.Concept} {fact.Period} ({fact.Source}): {r.Message}" };
        }).ToList();
}
