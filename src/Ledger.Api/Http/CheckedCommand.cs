using Ledger.Domain.Values;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Api.Http;

/// <summary>
/// The <c>Validate</c> step every write endpoint shares (Wolverine.Http runs it before the endpoint and stops with the
/// problem it returns): no body, or a body with bad fields, is a 400 naming each field; otherwise the typed command
/// goes on to the endpoint, and <see cref="WolverineContinue.NoProblems"/> lets it run. Each endpoint still names
/// its input as its first parameter: that is the request body Wolverine reads and the OpenAPI document describes.
/// </summary>
public static class CheckedCommand
{
    public static (TCommand?, ProblemDetails) Of<TInput, TCommand>(TInput? body, Func<TInput, Rejections, TCommand?> check)
        where TInput : class where TCommand : class
    {
        if (body is null) return (null, LedgerProblems.BodyRequiredProblem());
        var rejections = new Rejections();
        return check(body, rejections) is { } command && !rejections.Any
            ? (command, WolverineContinue.NoProblems)
            : (null, LedgerProblems.ValidationProblem(rejections.All));
    }
}
