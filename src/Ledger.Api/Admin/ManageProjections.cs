using Ledger.Api.Hosting;
using Ledger.Api.Restatements;
using Ledger.Projections;
using Ledger.Projections.LineItems;
using Ledger.Projections.LineItemVersions;
using Ledger.Projections.ShareBasis;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Api.Admin;

/// <summary>A projection or subscription as operators see it: how far it has read the log and how far behind it is.</summary>
public sealed record ProjectionState(
    string Name, string Lifecycle, int Version, long Position, long HighWaterMark, long Lag, RebuildState? Rebuild);

/// <summary>
/// <c>GET /api/admin/projections</c>: each projection's version, position, the log's high-water mark, lag and any
/// rebuild; <c>POST /api/admin/projections/{name}/rebuild</c>: replays one from the event log in the background.
/// </summary>
public static class ManageProjectionsEndpoints
{
    private static readonly (string Name, string Lifecycle, int Version)[] Known =
    [
        (LineItemVersionsProjection.Name, "inline", LineItemVersionsProjection.Version),
        (LineItemProjection.ProjectionName, "inline", 1),
        (ShareBasisProjection.ProjectionName, "inline", 1),
        (RestatementPublisher.Name, "async subscription", 1),
    ];

    [WolverineGet("/api/admin/projections", Name = "GetProjections")]
    [Tags("Operations")]
    public static async Task<IReadOnlyList<ProjectionState>> Get(IQuerySession session, ProjectionRebuilds rebuilds, CancellationToken cancellation)
    {
        var progress = (await session.QueryAsync<ProgressRow>(
                $"select json_build_object('name', name, 'lastSeqId', last_seq_id)::text from {LedgerStoreOptions.SchemaName}.mt_event_progression", cancellation))
            .ToDictionary(p => p.Name.Split(':')[0], p => p.LastSeqId);
        var logEnd = (await session.QueryAsync<long>($"select coalesce(max(seq_id), 0) from {LedgerStoreOptions.SchemaName}.mt_events", cancellation)).Single();
        var highWaterMark = progress.GetValueOrDefault("HighWaterMark");

        return Known.Select(p =>
        {
            var rebuild = rebuilds.StateOf(p.Name);
            // Inline projections commit with the events they read, so they are at the log's end unless rebuilding.
            var position = p.Lifecycle == "inline" && rebuild?.Status != "running" ? logEnd : progress.GetValueOrDefault(p.Name);
            return new ProjectionState(p.Name, p.Lifecycle, p.Version, position, highWaterMark, Math.Max(0, logEnd - position), rebuild);
        }).ToList();
    }

    [WolverinePost("/api/admin/projections/{name}/rebuild", Name = "RebuildProjection")]
    [Tags("Operations")]
    [ProducesResponseType(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public static IResult Rebuild(string name, ProjectionRebuilds rebuilds)
    {
        if (Known.All(p => p.Name != name || p.Lifecycle != "inline"))
            return LedgerProblems.NotFound("projection_unknown", $"No rebuildable projection '{name}'. Projections: {string.Join(", ", Known.Where(p => p.Lifecycle == "inline").Select(p => p.Name))}.");
        return rebuilds.TryStart(name)
            ? Results.Accepted("/api/admin/projections")
            : LedgerProblems.Conflict("rebuild_running", $"A rebuild of '{name}' is already running.");
    }

    private sealed record ProgressRow(string Name, long LastSeqId);
}
