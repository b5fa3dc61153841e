using Ledger.Domain.Values;
using Ledger.Projections.LineItems;
using Ledger.Projections.LineItemVersions;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Ledger.Api.Http;

/// <summary>
/// The one place where a concurrency failure becomes an answer. Every write decides on what it read and appends
/// with a guard: the line-item log's key checks the version the decision was made on, and a record stream (a filing's,
/// a revision's, a reclassification's) is started, so a second request with the same id collides. When another
/// request committed first, the commit fails, nothing of this request is recorded, and the caller gets
/// 409 <c>concurrent_change</c>; retrying with the same id then gets the recorded answer, or a decision made on
/// what the winner wrote. No endpoint retries by itself and none maps these failures on its own.
/// </summary>
public sealed class ConcurrencyConflicts(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellation)
    {
        if (!IsConcurrencyFailure(exception)) return false;
        context.Response.StatusCode = StatusCodes.Status409Conflict;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = ProblemFor(exception),
            Exception = exception,
        });
    }

    /// <summary>
    /// The event store refused an append because a stream moved or appeared since it was read, or PostgreSQL
    /// cancelled a transaction that overlapped a concurrent commit (SQLSTATE 40001) or deadlocked with one (40P01:
    /// two filings touching the same line items in different orders). Either way nothing was committed.
    /// </summary>
    public static bool IsConcurrencyFailure(Exception? exception) => exception switch
    {
        null => false,
        JasperFx.ConcurrencyException or ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException => true,
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.SerializationFailure or Npgsql.PostgresErrorCodes.DeadlockDetected } => true,
        // The line-item log (and generation 3 of the versions model) key their rows by line item and version: a writer
        // whose decision was made on a version another writer has since committed fails its insert there, in the same
        // transaction as its events.
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation, TableName: LineItemLog.Log or NarrowTables.Versions } => true,
        _ => IsConcurrencyFailure(exception.InnerException),
    };

    public static ProblemDetails ProblemFor(Exception exception) => new()
    {
        Type = LedgerProblems.TypeOf(RejectionCodes.ConcurrentChange),
        Title = "The request conflicts with what the ledger holds; nothing was recorded.",
        Status = StatusCodes.Status409Conflict,
        Detail = IsCollision(exception)
            ? "Another request recorded the same id at the same moment. Retry with the same id to get the recorded answer."
            : "A line item changed while this request was being decided. Retry with the same id.",
        Extensions = { ["code"] = RejectionCodes.ConcurrentChange },
    };

    private static bool IsCollision(Exception? exception) => exception switch
    {
        null => false,
        ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException => true,
        _ => IsCollision(exception.InnerException),
    };
}
