using Ledger.Api.Imports;
using Ledger.Domain.Values;

namespace Ledger.Api.Hosting;

/// <summary>
/// Checks every request before routing, so that what no endpoint could take is refused the same way everywhere,
/// with a problem document: a body over the size limit (413), a request target over its length limit (414), and
/// a path or query value holding a NUL or other control character (400 <c>text_invalid</c>), which PostgreSQL
/// could not store or compare and no caller means.
/// </summary>
public static class RequestGuards
{
    /// <summary>A filing of 5,000 facts with every text field at its limit fits; anything larger is not a filing.</summary>
    public const long MaxBodyBytes = 16 * 1024 * 1024;

    /// <summary>The longest path and query string taken; Kestrel's own line limit sits above it so that this answers.</summary>
    public const int MaxTargetLength = 4_096;
    public const int KestrelRequestLineSize = 64 * 1024;

    public static WebApplicationBuilder LimitRequests(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
            kestrel.Limits.MaxRequestLineSize = KestrelRequestLineSize;
        });
        return builder;
    }

    public static IApplicationBuilder UseRequestGuards(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // An import carries a whole company's history: its own, larger limit (Ledger:Imports:MaxBodyBytes), which the
        // import reads under and answers import_too_large past; every other body stays under 16 MiB.
        var import = IsImport(context.Request);
        if (import && context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = context.RequestServices.GetRequiredService<ImportSettings>().MaxBodyBytes;
        if (Refusal(context.Request, import) is { } refusal)
        {
            await refusal.ExecuteAsync(context);
            return;
        }
        await next(context);
    });

    private static bool IsImport(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/api/entities") && request.Path.Value!.Contains("/imports/");

    private static IResult? Refusal(HttpRequest request, bool import)
    {
        if (!import && request.ContentLength > MaxBodyBytes)
            return Problem(StatusCodes.Status413PayloadTooLarge, RejectionCodes.BodyTooLarge,
                $"The body is {request.ContentLength:N0} bytes; at most {MaxBodyBytes:N0} are taken.");
        var target = request.Path.Value?.Length + request.QueryString.Value?.Length ?? 0;
        if (target > MaxTargetLength)
            return Problem(StatusCodes.Status414UriTooLong, RejectionCodes.UriTooLong,
                $"The path and query string are {target:N0} characters; at most {MaxTargetLength:N0} are taken.");
        if (!Limits.IsPrintable(request.Path.Value ?? ""))
            return Problem(StatusCodes.Status400BadRequest, RejectionCodes.TextInvalid, "The path holds a control character (such as NUL).");
        foreach (var (name, values) in request.Query)
            if (!Limits.IsPrintable(name) || values.Any(v => v is not null && !Limits.IsPrintable(v)))
                return Problem(StatusCodes.Status400BadRequest, RejectionCodes.TextInvalid, $"The query parameter '{Printable(name)}' holds a control character (such as NUL).");
        return null;
    }

    private static IResult Problem(int status, string code, string detail) => Results.Problem(
        type: $"urn:ledger:problem:{code}", title: "The request was refused before it was read; nothing was recorded.",
        detail: detail, statusCode: status, extensions: new Dictionary<string, object?> { ["code"] = code });

    private static string Printable(string text) => new(text.Where(c => !char.IsControl(c) && !char.IsSurrogate(c)).Take(100).ToArray());
}
