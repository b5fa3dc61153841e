using Ledger.Domain.Values;
using Microsoft.AspNetCore.Mvc;

namespace Ledger.Api.Http;

/// <summary>
/// RFC 9457 problem documents. Every problem carries a stable <c>code</c>; validation problems list each bad
/// field under <c>errors</c> as <c>{ field, code, message }</c>.
/// </summary>
public static class LedgerProblems
{
    public static IResult Validation(Rejections rejections) => Validation(rejections.All);

    public static IResult Validation(IReadOnlyList<Rejection> rejections) => Results.Problem(ValidationProblem(rejections));

    /// <summary>The problem of a request whose fields are wrong: each bad field under <c>errors</c>.</summary>
    public static ProblemDetails ValidationProblem(IReadOnlyList<Rejection> rejections) => new()
    {
        Type = TypeOf(RejectionCodes.Validation),
        Title = "The request is not valid; nothing was recorded.",
        Detail = string.Join(" ", rejections.Select(r => $"{r.Field}: {r.Message}")),
        Status = StatusCodes.Status400BadRequest,
        Extensions = { ["code"] = RejectionCodes.Validation, ["errors"] = rejections },
    };

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
    public static IResult BodyRequired() => Results.Problem(BodyRequiredProblem());

    public static ProblemDetails BodyRequiredProblem() => new()
    {
        Type = TypeOf(RejectionCodes.RequestInvalid), Title = "The request is not valid; nothing was recorded.",
        Detail = "The body must be a JSON object; it was null or empty.", Status = StatusCodes.Status400BadRequest,
        Extensions = { ["code"] = RejectionCodes.RequestInvalid },
    };

    public static IResult NotFound(string code, string detail) => Results.Problem(
        type: TypeOf(code), title: "Not found.", detail: detail, statusCode: StatusCodes.Status404NotFound,
        extensions: With(null, code));

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

    public static string TypeOf(string code) => $"urn:ledger:problem:{code}";

    private static Dictionary<string, object?> With(IDictionary<string, object?>? extensions, string code) =>
        new(extensions ?? new Dictionary<string, object?>()) { ["code"] = code };
}
