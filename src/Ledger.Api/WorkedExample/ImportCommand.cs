using System.Text.Json;
using JasperFx.CommandLine;
using Ledger.Api.Filings;
using Ledger.Api.Http;
using Ledger.Api.Revisions;
using Ledger.Api.ShareBasis;
using Ledger.Domain.Filings;
using Ledger.Domain.Revisions;
using Ledger.Domain.ShareBasis;
using Marten;

namespace Ledger.Api.WorkedExample;

public sealed class ImportInput : NetCoreInput
{
    [Description("Folder of entity folders (IIJ/01-filing-….json, 03-split-….json, 04-revision-….json); defaults to the worked example")]
    public string FolderFlag { get; set; } = Path.Combine(AppContext.BaseDirectory, "WorkedExample");
}

/// <summary>
/// <c>import</c>: records every file of a folder, in name order, by calling the very endpoints the HTTP API
/// serves, so an import obeys every rule a caller does. Idempotent: a second run records nothing.
/// </summary>
[Description("Imports filings, splits and revisions from a folder through the ledger's own endpoints (default: the worked example)", Name = "import")]
public sealed class ImportCommand : JasperFxAsyncCommand<ImportInput>
{
    private static readonly JsonSerializerOptions Json = CreateJson();

    public override async Task<bool> Execute(ImportInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        var ok = true;
        foreach (var (entity, file) in FilesIn(input.FolderFlag))
        {
            var result = await RecordAsync(store, entity, file);

            var status = (result as IStatusCodeHttpResult)?.StatusCode ?? 0;
            ok &= status is StatusCodes.Status200OK or StatusCodes.Status201Created;
            Console.WriteLine($"{entity}/{Path.GetFileName(file)}: {Describe(status)}{Detail(result)}");
        }
        return ok;
    }

    private static IEnumerable<(string Entity, string File)> FilesIn(string folder) =>
        Directory.GetDirectories(folder).Order(StringComparer.Ordinal)
            .SelectMany(entityFolder => Directory.GetFiles(entityFolder, "*.json").Order(StringComparer.Ordinal)
                .Select(file => (Path.GetFileName(entityFolder), file)));

    /// <summary>The file's kind is the word after its sequence number: <c>01-filing-…</c>, <c>03-split-…</c>, <c>04-revision-…</c>.</summary>
    private static async Task<IResult> RecordAsync(IDocumentStore store, string entity, string file)
    {
        var text = await File.ReadAllTextAsync(file);
        var kind = Path.GetFileNameWithoutExtension(file).Split('-').ElementAtOrDefault(1);
        if (kind == "filing") return await RecordFilingEndpoint.Post(entity, Read<FilingInput>(text), store, CancellationToken.None);

        // Over HTTP, Wolverine commits the session after the endpoint returns; here the importer does.
        await using var session = store.LightweightSession();
        var result = kind switch
        {
            "split" => await RecordSplitEndpoint.Post(entity, Read<SplitInput>(text), session, CancellationToken.None),
            "revision" => await ReviseLineItemEndpoint.Post(entity, Read<RevisionInput>(text), session, CancellationToken.None),
            _ => throw new InvalidDataException($"{file}: the name must be NN-filing-…, NN-split-… or NN-revision-….json"),
        };
        await session.SaveChangesAsync();
        return result;
    }

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidDataException("empty file");

    private static string Describe(int status) => status switch
    {
        StatusCodes.Status201Created => "recorded",
        StatusCodes.Status200OK => "already recorded, nothing appended",
        _ => $"REFUSED ({status})",
    };

    private static string Detail(IResult result) =>
        result is IValueHttpResult { Value: Microsoft.AspNetCore.Mvc.ProblemDetails problem } ? $": {problem.Detail}" : "";

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        LedgerJson.Configure(options);
        return options;
    }
}
