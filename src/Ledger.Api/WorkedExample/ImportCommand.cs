using System.Security.Claims;
using System.Text.Json;
using JasperFx.CommandLine;
using Ledger.Api.Filings;
using Ledger.Api.Http;
using Ledger.Api.Telemetry;
using Ledger.Api.Imports;
using Ledger.Domain.Imports;
using Ledger.Api.Revisions;
using Ledger.Api.ShareBasis;
using Ledger.Domain.Filings;
using Ledger.Domain.Revisions;
using Ledger.Domain.ShareBasis;
using Marten;
using Wolverine.Http;

namespace Ledger.Api.WorkedExample;

public sealed class ImportInput : NetCoreInput
{
    [Description("What to import: 'edgar' (an SEC EDGAR companyfacts file) or 'xbrl-json' (an xBRL-JSON report); none for a folder")]
    public string Format { get; set; } = "";

    [Description("Folder of entity folders (IIJ/01-filing-….json, 03-split-….json, 04-revision-….json); defaults to the worked example")]
    public string FolderFlag { get; set; } = Path.Combine(AppContext.BaseDirectory, "WorkedExample");

    [Description("The companyfacts or xBRL-JSON file to import")]
    public string FileFlag { get; set; } = "";

    [Description("The entity the file's filings belong to (TSLA)")]
    public string EntityFlag { get; set; } = "";

    [Description("xbrl-json: the filing id, when the report does not name it")]
    public string? FilingIdFlag { get; set; }

    [Description("xbrl-json: the filing's title, when the report does not name it")]
    public string? TitleFlag { get; set; }

    [Description("xbrl-json: the date the report became public, when the report does not say")]
    public string? KnownFromFlag { get; set; }
}

/// <summary>
/// <c>import</c>: records every file of a folder, in name order, by calling the very endpoints the HTTP API
/// serves, so an import obeys every rule a caller does. Idempotent: a second run records nothing.
/// </summary>
[Description("Imports filings, splits and revisions from a folder through the ledger's own endpoints (default: the worked example)", Name = "import")]
public sealed class ImportCommand : JasperFxAsyncCommand<ImportInput>
{
    private static readonly JsonSerializerOptions Json = CreateJson();

    public ImportCommand()
    {
        Usage("Import a folder of filings, splits and revisions (default: the worked example)").NoArguments().ValidFlags(x => x.FolderFlag);
        Usage("Import a file: import edgar --file companyfacts.json --entity TSLA, or import xbrl-json --file report.json --entity TSLA")
            .Arguments(x => x.Format)
            .ValidFlags(x => x.FileFlag!, x => x.EntityFlag!, x => x.FilingIdFlag!, x => x.TitleFlag!, x => x.KnownFromFlag!);
    }

    public override async Task<bool> Execute(ImportInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        if (input.Format.Length > 0) return await ImportFileAsync(host.Services, input);

        var policy = host.Services.GetRequiredService<ShareBasisPolicy>();
        var ok = true;
        foreach (var (entity, file) in FilesIn(input.FolderFlag))
        {
            var result = await RecordAsync(store, policy, entity, file);

            var status = (result as IStatusCodeHttpResult)?.StatusCode ?? 0;
            ok &= status is StatusCodes.Status200OK or StatusCodes.Status201Created;
            Console.WriteLine($"{entity}/{Path.GetFileName(file)}: {Describe(status)}{Detail(result)}");
        }
        return ok;
    }

    /// <summary>True when every filing of the file was recorded or already recorded; each refused one is printed with its reason.</summary>
    private static async Task<bool> ImportFileAsync(IServiceProvider services, ImportInput input)
    {
        if (input.FileFlag.Length == 0 || input.EntityFlag.Length == 0)
        {
            Console.Error.WriteLine("import edgar|xbrl-json needs --file and --entity");
            return false;
        }
        try
        {
            var result = await ImportFile.RunAsync(services, input.Format, input.FileFlag, input.EntityFlag,
                input.FilingIdFlag, input.TitleFlag, input.KnownFromFlag);
            ImportFile.Print(result);
            return result.Refused == 0;
        }
        catch (Exception exception) when (exception is ImportFormatException or JsonException or InvalidDataException or ArgumentException)
        {
            Console.Error.WriteLine($"{input.FileFlag}: {exception.Message}; nothing was recorded.");
            return false;
        }
    }

    private static IEnumerable<(string Entity, string File)> FilesIn(string folder) =>
        Directory.GetDirectories(folder).Order(StringComparer.Ordinal)
            .SelectMany(entityFolder => Directory.GetFiles(entityFolder, "*.json").Order(StringComparer.Ordinal)
                .Select(file => (Path.GetFileName(entityFolder), file)));

    /// <summary>The file's kind is the word after its sequence number: <c>01-filing-…</c>, <c>03-split-…</c>, <c>04-revision-…</c>.</summary>
    private static async Task<IResult> RecordAsync(IDocumentStore store, ShareBasisPolicy policy, string entity, string file)
    {
        var text = await File.ReadAllTextAsync(file);
        var kind = Path.GetFileNameWithoutExtension(file).Split('-').ElementAtOrDefault(1);
        // Over HTTP, Wolverine runs each endpoint's Validate and Load steps, names the caller, and commits the session
        // after the endpoint returns; here the importer does the same, in the same order.
        await using var session = store.LightweightSession();
        session.LastModifiedBy = Importer.Identity!.Name;
        var none = CancellationToken.None;
        var result = kind switch
        {
            "filing" when Read<FilingInput>(text) is var body => await ThenAsync(RecordFilingEndpoint.Validate(entity, body, policy),
                async command => RecordFilingEndpoint.Post(body, command, await RecordFilingEndpoint.LoadAsync(command, session, none), session)),
            "split" when Read<SplitInput>(text) is var body => await ThenAsync(RecordSplitEndpoint.Validate(entity, body),
                async command => RecordSplitEndpoint.Post(body, command, await RecordSplitEndpoint.LoadAsync(command, session, none))),
            "revision" when Read<RevisionInput>(text) is var body => await ThenAsync(ReviseLineItemEndpoint.Validate(entity, body), async command =>
            {
                var (existing, line) = await ReviseLineItemEndpoint.LoadAsync(command, session, none);
                return ReviseLineItemEndpoint.Post(body, command, existing, line, session);
            }),
            _ => throw new InvalidDataException($"{file}: the name must be NN-filing-…, NN-split-… or NN-revision-….json"),
        };
        await session.SaveChangesAsync();
        return result;
    }

    /// <summary>A Validate step's problem is the answer; otherwise the endpoint runs on the checked command.</summary>
    private static async Task<IResult> ThenAsync<TCommand>((TCommand?, Microsoft.AspNetCore.Mvc.ProblemDetails) check, Func<TCommand, Task<IResult>> endpoint) =>
        check is (not null and var command, var problem) && ReferenceEquals(problem, WolverineContinue.NoProblems)
            ? await endpoint(command)
            : Results.Problem(check.Item2);

    /// <summary>Events appended by the command line record the operating-system user who ran it.</summary>
    internal static readonly ClaimsPrincipal Importer =
        new(new ClaimsIdentity([new Claim("sub", $"import:{Environment.UserName}")], "command-line", "sub", "role"));

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
