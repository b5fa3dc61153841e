using Microsoft.AspNetCore.Diagnostics;

namespace Ledger.Api.Http;

/// <summary>
/// Two requests created the same stream at the same moment (the same revision id, say): the loser's commit fails
/// and it gets 409 <c>concurrent_change</c>; a retry with the same id then gets the recorded answer.
/// Version conflicts are mapped by Wolverine's own concurrency policy.
/// </summary>
public sealed class StreamCollisionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellation)
    {
        if (!LedgerProblems.IsConcurrencyFailure(exception)) return false;
        context.Response.StatusCode = StatusCodes.Status409Conflict;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = LedgerProblems.FromConcurrencyFailure(exception),
            Exception = exception,
        });
    }
}
