using Ledger.Api.Http;
using System.Net.ServerSentEvents;
using Ledger.Contracts;
using Ledger.Domain.Values;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Wolverine.Http;

namespace Ledger.Api.Restatements;

/// <summary>
/// <c>GET /api/restatements/stream</c>: the restatement log as Server-Sent Events, for consumers outside .NET.
/// Each event's id is its global position; a client that reconnects with <c>Last-Event-ID</c> (or <c>?after=</c>)
/// resumes right after it, without gaps or repeats, because the stream reads the same gap-safe log as the pages.
/// Every stream of a node follows one shared reader of the log (<see cref="RestatementFeed"/>); a quiet stream gets a
/// heartbeat comment, an idle one is closed for the client to resume, and past the node's cap a stream is refused (503).
/// </summary>
public static class StreamRestatementsEndpoint
{
    [WolverineGet("/api/restatements/stream", Name = "StreamRestatements")]
    [Tags("Restatements")]
    [Produces("text/event-stream")]
    [ProblemResponse(StatusCodes.Status400BadRequest, RejectionCodes.RequestInvalid)]
    [ProblemResponse(StatusCodes.Status503ServiceUnavailable, RejectionCodes.StreamLimitReached)]
    public static IResult Get(long? after, HttpContext context, RestatementFeed feed, IOptions<StreamSettings> settings)
    {
        var resumeAfter = after ?? (long.TryParse(context.Request.Headers["Last-Event-ID"], out var lastEventId) ? lastEventId : 0);
        if (!feed.TryOpen())
        {
            var retryAfter = (int)Math.Ceiling(settings.Value.RetryAfter.TotalSeconds);
            context.Response.Headers.RetryAfter = retryAfter.ToString();
            return Results.Problem(type: $"urn:ledger:problem:{RejectionCodes.StreamLimitReached}",
                title: "This node serves as many restatement streams as it may.",
                detail: $"At most {settings.Value.MaxConnections} streams are open on one node. Retry after {retryAfter} seconds " +
                        "(with Last-Event-ID to resume), or read the pages of GET /api/restatements.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                extensions: new Dictionary<string, object?> { ["code"] = RejectionCodes.StreamLimitReached });
        }
        return new OpenedEventStream(feed, resumeAfter);
    }

    /// <summary>
    /// Server-Sent Events whose headers leave at once: a client (or a proxy timing it out) learns that the stream
    /// is open before the first restatement, which on a quiet ledger may be hours away. Counted open until it ends.
    /// </summary>
    private sealed class OpenedEventStream(RestatementFeed feed, long after) : IResult
    {
        // An SSE comment: ignored by every client, and proof to it and to any proxy between that the stream is alive.
        private static readonly byte[] Heartbeat = ": heartbeat\n\n"u8.ToArray();

        public async Task ExecuteAsync(HttpContext context)
        {
            try
            {
                context.Response.ContentType = "text/event-stream";
                context.Response.Headers.CacheControl = "no-cache";
                context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
                await context.Response.Body.FlushAsync(context.RequestAborted);
                var json = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
                await foreach (var batch in feed.FollowAsync(after, context.RequestAborted))
                {
                    if (batch.Count == 0)
                        await context.Response.Body.WriteAsync(Heartbeat, context.RequestAborted);
                    else
                        await SseFormatter.WriteAsync(Items(batch), context.Response.Body, (item, writer) =>
                        {
                            using var jsonWriter = new System.Text.Json.Utf8JsonWriter(writer);
                            System.Text.Json.JsonSerializer.Serialize(jsonWriter, item.Data, json);
                        }, context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away: the stream ends, nothing more to say.
            }
            finally
            {
                feed.Close();
            }
        }

        private static IAsyncEnumerable<SseItem<Restatement>> Items(IReadOnlyList<Restatement> batch) =>
            batch.Select(r => new SseItem<Restatement>(r, "restatement") { EventId = r.Position.ToString() }).ToAsyncEnumerable();
    }
}
