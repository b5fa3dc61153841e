using System.Security.Cryptography;
using System.Text;
using Ledger.Api.Admin;

namespace Ledger.Api.Facts;

/// <summary>
/// An as-of answer asked at an explicit known time and an explicit recorded time that the log has passed can never
/// change: nothing is ever appended with an earlier recorded time. Such an answer carries an ETag and
/// <c>Cache-Control: immutable</c>, and a revalidation of it is answered 304 from memory, without the database.
/// The ETag names the question (route and query) and the serving version of the read model, whose switch may add fields.
/// </summary>
public sealed class SettledAnswers(ServingVersions serving)
{
    // Private: answers are for authorized readers, so no shared cache may keep one for others.
    private const string Immutable = "private, max-age=31536000, immutable";

    // The latest recorded time this node has seen the log pass (UTC ticks); it only ever moves forward.
    private long _settledBefore = DateTimeOffset.MinValue.UtcTicks;

    /// <summary>An answer is only ever final when both of its instants were given; a missing one means "now", which moves.</summary>
    private static bool Pinned(HttpRequest request) =>
        !string.IsNullOrEmpty(request.Query["asOf"]) && !string.IsNullOrEmpty(request.Query["recordedAsOf"]);

    /// <summary>304 when the client already holds this settled answer, known settled without asking the database.</summary>
    public async ValueTask<IResult?> NotModifiedAsync(HttpContext http, ReadingPoint point, CancellationToken cancellation)
    {
        if (!Pinned(http.Request) || http.Request.Headers.IfNoneMatch.Count == 0) return null;
        if (point.RecordedAsOf.UtcTicks >= Interlocked.Read(ref _settledBefore)) return null;
        var etag = ETag(http.Request, await serving.LineItemVersionsAsync(cancellation));
        if (!http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*"))) return null;
        Mark(http.Response, etag);
        return Results.StatusCode(StatusCodes.Status304NotModified);
    }

    /// <summary>Marks a settled answer final and remembers how far the log has passed.</summary>
    public void Answered(HttpContext http, ReadingPoint point, VersionRows found)
    {
        Learn(found.SettledBefore);
        if (Pinned(http.Request) && found.Settled(point)) Mark(http.Response, ETag(http.Request, found.ProjectionVersion));
    }

    private void Learn(DateTimeOffset settledBefore)
    {
        var ticks = settledBefore.UtcTicks;
        for (var seen = Interlocked.Read(ref _settledBefore); ticks > seen; seen = Interlocked.Read(ref _settledBefore))
            if (Interlocked.CompareExchange(ref _settledBefore, ticks, seen) == seen) return;
    }

    private static void Mark(HttpResponse response, string etag)
    {
        response.Headers.ETag = etag;
        response.Headers.CacheControl = Immutable;
    }

    /// <summary>Weak: equal answers may differ in bytes (the log position they were read at), never in the figures.</summary>
    private static string ETag(HttpRequest request, int version)
    {
        var question = Encoding.UTF8.GetBytes($"{request.Path}{request.QueryString}");
        return $"W/\"v{version}-{Convert.ToHexStringLower(SHA256.HashData(question).AsSpan(0, 12))}\"";
    }
}
