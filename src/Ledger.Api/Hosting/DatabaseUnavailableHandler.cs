using Ledger.Domain.Values;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Ledger.Api.Hosting;

/// <summary>
/// PostgreSQL cannot be reached (stopped, restarting, out of connections, the pool exhausted): the request
/// decided and recorded nothing, so it gets 503 <c>database_unavailable</c> with <c>Retry-After</c> rather than a 500.
/// Nothing needs a restart: the next request opens a new connection.
/// </summary>
public sealed class DatabaseUnavailableHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellation)
    {
        if (!IsDatabaseUnavailable(exception)) return false;
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new()
            {
                Type = $"urn:ledger:problem:{RejectionCodes.DatabaseUnavailable}",
                Title = "The ledger's database cannot be reached; nothing was recorded.",
                Detail = $"Retry after {RetryAfterSeconds} seconds; a request that was refused here can be sent again unchanged.",
                Status = StatusCodes.Status503ServiceUnavailable,
                Extensions = { ["code"] = RejectionCodes.DatabaseUnavailable },
            },
        });
    }

    /// <summary>
    /// A connection that could not be opened or was lost (socket, timeout, pool exhausted), or a server that says
    /// it is shutting down, starting, or out of connections (SQLSTATE classes 08 and 57P, 53300).
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception? exception) => exception switch
    {
        null => false,
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections,
        NpgsqlException { InnerException: System.Net.Sockets.SocketException or IOException or TimeoutException } => true,
        NpgsqlException npgsql when npgsql.Message.Contains("connection pool has been exhausted", StringComparison.OrdinalIgnoreCase) => true,
        System.Net.Sockets.SocketException => true,
        _ => IsDatabaseUnavailable(exception.InnerException),
    };
}
