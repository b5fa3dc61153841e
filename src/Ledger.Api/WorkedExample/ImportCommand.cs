using System.Text.Json;
using JasperFx.CommandLine;
using Ledger.Api.Filings;
using Ledger.Api.Hosting;
using Ledger.Domain.Filings;
using Marten;

namespace Ledger.Api.WorkedExample;

public sealed class ImportInput : NetCoreInput
{
    [Description("Folder of entity folders (IIJ/01-filing-….json, …); defaults to the worked example shipped with the service")]
    public string FolderFlag { get; set; } = Path.Combine(AppContext.BaseDirectory, "WorkedExample");
}

/// <summary>
/// <c>import</c>: records every file of a folder, in name order, through the same checks and decisions as the
/// HTTP API. Idempotent: running it twice records nothing the second time.
/// </summary>
[Description("Imports filings from a folder through the ledger's own rules (default: the worked example)", Name = "import")]
public sealed class ImportCommand : JasperFxAsyncCommand<ImportInput>
{
    public override async Task<bool> Execute(ImportInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        var ok = true;
        foreach (var (entity, file) in FilesIn(input.FolderFlag))
        {
            var outcome = await ImportAsync(store, entity, file);
            ok &= outcome is FilingOutcome.Recorded or FilingOutcome.AlreadyRecorded;
            Console.WriteLine($"{entity}/{Path.GetFileName(file)}: {Describe(outcome)}");
        }
        return ok;
    }

    private static IEnumerable<(string Entity, string File)> FilesIn(string folder) =>
        Directory.GetDirectories(folder).Order(StringComparer.Ordinal)
            .SelectMany(entityFolder => Directory.GetFiles(entityFolder, "*.json").Order(StringComparer.Ordinal)
                .Select(file => (Path.GetFileName(entityFolder), file)));

    private static async Task<FilingOutcome> ImportAsync(IDocumentStore store, string entity, string file)
    {
        await using var stream = File.OpenRead(file);
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        LedgerJson.Configure(options);
        var filing = await JsonSerializer.DeserializeAsync<FilingInput>(stream, options)
            ?? throw new InvalidDataException($"{file} is empty");

        await using var session = store.LightweightSession();
        var outcome = await FilingRecorder.RecordAsync(session, entity, filing, CancellationToken.None);
        await session.SaveChangesAsync();
        return outcome;
    }

    private static string Describe(FilingOutcome outcome) => outcome switch
    {
        FilingOutcome.Recorded r => $"recorded {r.Result.FilingId}: {r.Result.Reported} reported, {r.Result.Confirmed} confirmed, {r.Result.Restated} restated",
        FilingOutcome.AlreadyRecorded a => $"already recorded {a.Result.FilingId} (content hash {a.Result.ContentHash[..12]}…)",
        FilingOutcome.Conflict c => $"CONFLICT: {c.Original.FilingId} was recorded with different content",
        FilingOutcome.Rejected r => "REJECTED: " + string.Join("; ", r.Rejections.All.Select(x => $"{x.Field} {x.Code}: {x.Message}")),
        _ => outcome.ToString(),
    };
}
