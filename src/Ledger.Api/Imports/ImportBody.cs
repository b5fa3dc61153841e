using System.Text.Json;
using Ledger.Api.Hosting;
using Ledger.Domain.Imports;
using Ledger.Domain.Values;

namespace Ledger.Api.Imports;

/// <summary>Reading an import's body: streamed into a JSON document under the size limit, or a problem saying why not.</summary>
public static class ImportBody
{
    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadAsync(HttpRequest request, ImportSettings settings, CancellationToken cancellation)
    {
        if (request.ContentLength > settings.MaxBodyBytes) return (null, TooLarge(settings));
        try
        {
            await using var body = new BoundedStream(request.Body, settings.MaxBodyBytes);
            return (await JsonDocument.ParseAsync(body, cancellationToken: cancellation), null);
        }
        catch (ImportTooLargeException)
        {
            return (null, TooLarge(settings));
        }
        catch (JsonException exception)
        {
            return (null, Malformed("body", $"the body is not JSON: {exception.Message}"));
        }
    }

    public static IResult Malformed(string where, string detail) =>
        LedgerProblems.Validation([new Rejection(where, RejectionCodes.ImportMalformed, detail)]);

    public static IResult Malformed(ImportFormatException exception) => Malformed(exception.Where, exception.Detail);

    private static IResult TooLarge(ImportSettings settings) => Results.Problem(
        type: $"urn:ledger:problem:{RejectionCodes.ImportTooLarge}",
        title: "The import is too large; nothing was recorded.",
        detail: $"An import body may hold at most {settings.MaxBodyBytes} bytes (Ledger:Imports:MaxBodyBytes).",
        statusCode: StatusCodes.Status413PayloadTooLarge,
        extensions: new Dictionary<string, object?> { ["code"] = RejectionCodes.ImportTooLarge });
}
