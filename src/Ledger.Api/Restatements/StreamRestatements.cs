using Ledger.Api.Http;
using Ledger.Domain.Values;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Ledger.Contracts;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Api.Restatements;

/// <summary>
/// <c>GET /api/restatements/stream</c>: the restatement log as Server-Sent Events, for consumers outside .NET.
/// Each event's id is its global position; a client that reconnects with <c>Last-Event-ID</c> (or <c>?after=</c>)
/// resumes right after it, without gaps or repeats, because the stream reads the same gap-safe log as the pages.
/// </summary>
public static class StreamRestatementsEndpoint
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);
    private const int PageSize = 200;

    [WolverineGet("/api/restatements/stream", Name = "StreamRestatements")]
    [Tags("Restatements")]
    [Produces("text/event-stream")]
    [ProblemResponse(StatusCodes.Status400BadRequest, RejectionCodes.RequestInvalid)]
    public static IResult Get(long? after, HttpContext context, IDocumentStore store)
    {
        var resumeAfter = after ?? (long.TryParse(context.Request.Headers["Last-Event-ID"], out var lastEventId) ? lastEventId : 0);
        return new OpenedEventStream(FollowAsync(store, resumeAfter, context.RequestAborted));
    }

    /// <summary>
    /// Server-Sent Events whose headers leave at once: a client (or a proxy timing it out) learns that the stream
    /// is open before the first restatement, which on a quiet ledger may be hours away.
    /// </summary>
    private sealed class OpenedEventStream(IAsyncEnumerable<SseItem<Restatement>> items) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
            await context.Response.Body.FlushAsync(context.RequestAborted);
            var json = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            try
            {
                await SseFormatter.WriteAsync(items, context.Response.Body,
                    (item, writer) =>
                    {
                        using var jsonWriter = new System.Text.Json.Utf8JsonWriter(writer);
                        System.Text.Json.JsonSerializer.Serialize(jsonWriter, item.Data, json);
                    },
                    context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away: the stream ends, nothing more to say.
            }
        }
    }

    private static async IAsyncEnumerable<SseItem<Restatement>> FollowAsync(IDocumentStore store, long after, [EnumeratorCancellation] CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            LogPage page;
            await using (var session = store.QuerySession())
                page = await RestatementLog.ReadAsync(session, after, PageSize, cancellation);

            foreach (var restatement in page.Restatements)
                yield return new SseItem<Restatement>(restatement, "restatement") { EventId = restatement.Position.ToString() };
            after = page.LastPosition ?? after;
            if (page.Restatements.Count + page.Parked.Count < PageSize) await Task.Delay(PollInterval, cancellation);
        }
    }
}
