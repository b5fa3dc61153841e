using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Ledger.Api.Pages;

/// <summary>
/// What an API endpoint answered, for a page: the answer, or the problem document with its status. Pages call the
/// endpoints' own methods, so a page shows exactly what the API would, validation included.
/// </summary>
public sealed record ApiAnswer<T>(T? Answer, ProblemDetails? Problem, int Status) where T : class
{
    public static ApiAnswer<T> Of(IResult result) => result switch
    {
        IValueHttpResult { Value: T answer } => new(answer, null, StatusCodes.Status200OK),
        ProblemHttpResult problem => new(null, problem.ProblemDetails, problem.StatusCode),
        _ => throw new InvalidOperationException($"An endpoint answered {result.GetType().Name}, which a page cannot show."),
    };
}
