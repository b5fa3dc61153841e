using Ledger.Api.Http;
using Ledger.Api.Reading;
using Ledger.Projections.LineItemVersions;
using Ledger.Domain.Values;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Api.Admin;

public sealed record SwitchRequest(int Version);

public sealed record SwitchAnswer(ServingGeneration Serving, Comparison Comparison);

/// <summary>
/// <c>GET .../line-item-versions/comparison?version=</c> compares a generation with the serving one;
/// <c>POST .../line-item-versions/switch</c> makes the checked switch.
/// </summary>
public static class SwitchServingGenerationEndpoints
{
    [WolverineGet("/api/admin/projections/line-item-versions/comparison", Name = "CompareVersions")]
    [Tags("Operations")]
    [ProducesResponseType<Comparison>(StatusCodes.Status200OK)]
    [ProblemResponse(StatusCodes.Status400BadRequest, RejectionCodes.RequestInvalid)]
    [ProblemResponse(StatusCodes.Status404NotFound, RejectionCodes.VersionUnknown, RejectionCodes.VersionNotKept)]
    public static async Task<IResult> Compare(int version, GenerationSwitch versions, KeptGenerations kept, CancellationToken cancellation)
    {
        if (LineItemVersionsModel.Find(version) is not { } candidate) return UnknownVersion(version);
        return kept.Keeps(version)
            ? Results.Ok(await versions.CompareAsync(candidate, cancellation))
            : LedgerProblems.NotFound(RejectionCodes.VersionNotKept, KeptGenerations.HowToKeep(version));
    }

    [WolverinePost("/api/admin/projections/line-item-versions/switch", Name = "SwitchVersion")]
    [Tags("Operations")]
    [ProducesResponseType<SwitchAnswer>(StatusCodes.Status200OK)]
    [ProblemResponse(StatusCodes.Status400BadRequest, RejectionCodes.RequestInvalid)]
    [ProblemResponse(StatusCodes.Status404NotFound, RejectionCodes.VersionUnknown)]
    [ProblemResponse(StatusCodes.Status409Conflict, RejectionCodes.VersionAlreadyServing, RejectionCodes.VersionBehind, RejectionCodes.VersionsDiffer, RejectionCodes.VersionNotKept, RejectionCodes.RebuildRunning)]
    public static async Task<IResult> Switch(SwitchRequest? request, ProjectionRebuilds rebuilds, CancellationToken cancellation)
    {
        if (request is null) return LedgerProblems.BodyRequired();
        if (LineItemVersionsModel.Find(request.Version) is not { } candidate) return UnknownVersion(request.Version);
        var outcome = await rebuilds.SwitchUnlessRebuildingAsync(candidate, cancellation);
        return outcome.Switched is { } switched
            ? Results.Ok(switched)
            : LedgerProblems.Conflict(outcome.RefusedCode!, outcome.Reason!, new Dictionary<string, object?> { ["comparison"] = outcome.Comparison });
    }

    public static IResult UnknownVersion(int version) => LedgerProblems.NotFound(RejectionCodes.VersionUnknown,
        $"The line-item versions model has no version {version}; versions: {string.Join(", ", LineItemVersionsModel.Generations.Select(g => g.Number))}.");
}
