using System.Text.Json;
using JasperFx.CommandLine;
using Ledger.Api.Http;
using Ledger.Api.Reading;
using Ledger.Projections.LineItemVersions;
using Marten;

namespace Ledger.Api.Admin;

/// <summary>Lower case, as typed on the command line.</summary>
public enum ReadModelAction
{
    status,
    compare,
    @switch,
}

public sealed class ReadModelInput : NetCoreInput
{
    [Description("status (each projection version's position and lag), compare (a version against the serving one) or switch (checked)")]
    public ReadModelAction Action { get; set; } = ReadModelAction.status;

    [Description("The version of the line-item versions model to compare or switch to")]
    public int ModelVersionFlag { get; set; } = LineItemVersionsGeneration2.Generation;
}

/// <summary>
/// <c>read-model</c>: what the JasperFx <c>projections</c> command does not cover. It shows which version of the
/// line-item versions model serves queries, compares a version with it, and makes the checked switch, through the
/// same code as the admin endpoints. (Rebuild with <c>projections rebuild -p line-item-versions-v2</c>.)
/// </summary>
[Description("Shows, compares and switches the versions of the line-item versions read model", Name = "read-model")]
public sealed class ReadModelCommand : JasperFxAsyncCommand<ReadModelInput>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public override async Task<bool> Execute(ReadModelInput input)
    {
        using var host = input.BuildHost();
        var services = host.Services;
        var store = services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var versions = services.GetRequiredService<GenerationSwitch>();
        await using var session = store.QuerySession();

        var result = input.Action switch
        {
            ReadModelAction.status => Results.Ok(await ManageProjectionsEndpoints.Get(session, services.GetRequiredService<ProjectionRebuilds>(),
                services.GetRequiredService<ServingGenerations>(), services.GetRequiredService<KeptGenerations>(), default)),
            ReadModelAction.compare => await SwitchServingGenerationEndpoints.Compare(input.ModelVersionFlag, versions, services.GetRequiredService<KeptGenerations>(), default),
            _ => await SwitchServingGenerationEndpoints.Switch(new SwitchRequest(input.ModelVersionFlag), services.GetRequiredService<ProjectionRebuilds>(), default),
        };
        var value = (result as IValueHttpResult)?.Value;
        Console.WriteLine(JsonSerializer.Serialize(value, value?.GetType() ?? typeof(object), Json));
        return result is IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK };
    }
}
