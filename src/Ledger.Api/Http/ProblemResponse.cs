using Microsoft.AspNetCore.Mvc;

namespace Ledger.Api.Http;

/// <summary>
/// A problem an endpoint can answer with, and the codes it may carry. Declared once on the endpoint: ASP.NET Core's
/// API description reads the response (a <see cref="ProblemDetails"/> at that status), and <see cref="ApiDescription"/>
/// writes the codes into the OpenAPI document, so a client generator knows every answer and every reason.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ProblemResponseAttribute(int statusCode, params string[] codes)
    : ProducesResponseTypeAttribute(typeof(ProblemDetails), statusCode, "application/problem+json")
{
    public IReadOnlyList<string> Codes { get; } = codes;
}
