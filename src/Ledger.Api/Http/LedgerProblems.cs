using Ledger.Domain.Values;
using Marten.Exceptions;
using Microsoft.AspNetCore.Mvc;

namespace Ledger.Api.Http;

/// <summary>
/// RFC 9457 problem documents. Every problem carries a stable <c>code</c>; validation problems list each bad
/// field under <c>errors</c> as <c>{ field, code, message }</c>.
/// </summary>
public static class LedgerProblems
{
    public static IResult Validation(Rejections rejections) => Validation(rejections.All);

    public static IResult Validation(IReadOnlyList<Rejection> rejections) => Results.Problem(
        type: TypeOf(RejectionCodes.Validation),
        title: "The request is not valid; nothing was recorded.",
        detail: string.Join(" ", rejections.Select(r => $"{r.Field}: {r.Message}")),
        statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?> { ["code"] = RejectionCodes.Validation, ["errors"] = rejections });

    public static IResult Conflict(string code, string detail, IDictionary<string, object?>? extensions = null) => Results.Problem(
        type: TypeOf(code),
        title: "The request conflicts with what the ledger holds; nothing was recorded.",
        detail: detail,
        statusCode: StatusCodes.Status409Conflict,
        extensions: With(extensions, code));

    public static IResult Unprocessable(string code, string detail) => Results.Problem(
        type: TypeOf(code), title: "The request cannot apply to what the ledger holds; nothing was recorded.", detail: detail,
        statusCode: StatusCodes.Status422UnprocessableEntity, extensions: With(null, code));

    /// <summary>A POST whose body is JSON <c>null</c> (or empty): there is nothing to check, so nothing to record.</summary>
    public static IResult BodyRequired() => Results.Problem(
        type: TypeOf(RejectionCodes.RequestInvalid), title: "The request is not valid; nothing was recorded.",
        detail: "The body must be a JSON object; it was null or empty.", statusCode: StatusCodes.Status400BadRequest,
        extensions: With(null, RejectionCodes.RequestInvalid));

    public static IResult NotFound(string code, string detail) => Results.Problem(
        type: TypeOf(code), title: "Not found.", detail: detail, statusCode: StatusCodes.Status404NotFound,
        extensions: With(null, code));

    /// <summary>Two writers raced for the same stream: the loser gets 409 and may retry with the same id.</summary>
    public static ProblemDetails FromConcurrencyFailure(Exception exception) => new()
    {
        Type = TypeOf(RejectionCodes.ConcurrentChange),
        Title = "The request conflicts with what the ledger holds; nothing was recorded.",
        Status = StatusCodes.Status409Conflict,
        Detail = exception is ExistingStreamIdCollisionException
            ? "Another request recorded the same id at the same moment. Retry with the same id to get the recorded answer."
            : "A line item changed while this request was being decided. Retry with the same id.",
        Extensions = { ["code"] = RejectionCodes.ConcurrentChange },
    };

    /// <summary>
    /// The event store refused an append because a stream moved or appeared since it was read, or PostgreSQL
    /// refused a repeatable-read transaction that overlapped a concurrent commit (SQLSTATE 40001).
    /// </summary>
    public static bool IsConcurrencyFailure(Exception? exception) => exception switch
    {
        null => false,
        JasperFx.ConcurrencyException or ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException => true,
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.SerializationFailure } => true,
        // Two filings touching the same line items in different orders can deadlock; PostgreSQL cancels one of
        // them, which committed nothing: it is the same conflict, and a retry decides on the winner's commit.
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.DeadlockDetected } => true,
        // Generation 3 of the versions model keys its rows by line item and version: a writer whose decision was made on
        // a version another writer has since committed fails its insert there, in the same transaction as its events.
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation, TableName: Ledger.Projections.LineItemVersions.NarrowTables.Versions } => true,
        _ => IsConcurrencyFailure(exception.InnerException),
    };

    /// <summary>The default problem code for a status the framework or the host answers with on its own.</summary>
    public static string CodeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => RejectionCodes.RequestInvalid,
        StatusCodes.Status404NotFound => RejectionCodes.NotFound,
        StatusCodes.Status405MethodNotAllowed => RejectionCodes.MethodNotAllowed,
        StatusCodes.Status409Conflict => RejectionCodes.Conflict,
        StatusCodes.Status413PayloadTooLarge => RejectionCodes.BodyTooLarge,
        StatusCodes.Status414UriTooLong => RejectionCodes.UriTooLong,
        StatusCodes.Status415UnsupportedMediaType => RejectionCodes.MediaTypeUnsupported,
        StatusCodes.Status503ServiceUnavailable => RejectionCodes.DatabaseUnavailable,
        _ => RejectionCodes.ServerError,
    };

    private static string TypeOf(string code) => $"urn:ledger:problem:{code}";

    private static Dictionary<string, object?> With(IDictionary<string, object?>? extensions, string code) =>
        new(extensions ?? new Dictionary<string, object?>()) { ["code"] = code };
}
