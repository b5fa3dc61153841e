using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using Wolverine.Http;

namespace Ledger.Api.Http;

/// <summary>
/// Makes the OpenAPI document one a client generator turns into clean code: each operation is named by its endpoint's
/// name (<c>RecordFiling</c>), lists only the responses its endpoint declares, and says which problem codes each
/// problem response carries; the server URL has no trailing slash and every tag says what it groups.
/// </summary>
public static partial class ApiDescription
{
    /// <summary>What each tag groups, in the words of the README's route table.</summary>
    public static readonly IReadOnlyDictionary<string, string> Tags = new Dictionary<string, string>
    {
        ["Filings"] = "Recording a published document's facts, all at once, and reading back what a filing did.",
        ["Facts"] = "Line items as of a known time and a recorded time, and one line item's history.",
        ["Statements"] = "Statements assembled from their templates as of a reading point, and what changed between two.",
        ["Restatements"] = "Revisions, reclassifications and share-basis changes, and the log of every restatement.",
        ["Imports"] = "Whole histories from SEC companyfacts and xBRL-JSON reports, one filing at a time.",
        ["Operations"] = "Projection rebuilds, serving-generation switches and parked restatements, for operators.",
    };

    public static OpenApiOptions DescribeLedger(this OpenApiOptions options)
    {
        options.AddOperationTransformer(DescribeOperation);
        options.AddDocumentTransformer(DescribeDocument);
        return options;
    }

    private static Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellation)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<WolverineHttpMethodAttribute>().FirstOrDefault()?.Name is { } name)
        {
            operation.OperationId = name;
            var words = Words().Replace(name, " $1").ToLowerInvariant();
            operation.Summary = char.ToUpperInvariant(words[0]) + words[1..];
            operation.Description = null;
        }

        // Only what the endpoint declares: the framework would otherwise add answers the endpoint never gives.
        var declared = metadata.OfType<ProducesResponseTypeAttribute>().Select(a => a.StatusCode.ToString()).ToHashSet();
        foreach (var status in operation.Responses?.Keys.Where(s => s[0] is '4' or '5' && !declared.Contains(s)).ToList() ?? [])
            operation.Responses!.Remove(status);

        foreach (var problem in metadata.OfType<ProblemResponseAttribute>())
            if (operation.Responses?.TryGetValue(problem.StatusCode.ToString(), out var response) == true && response is OpenApiResponse described)
                described.Description = $"{ReasonPhrases.GetReasonPhrase(problem.StatusCode)}: a problem document whose code is " +
                    string.Join(", ", problem.Codes.Select(c => $"`{c}`")) + ".";
        return Task.CompletedTask;
    }

    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellation)
    {
        foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var tag in document.Tags)
            if (tag.Name is { } name && Tags.TryGetValue(name, out var description)) tag.Description = description;
        return Task.CompletedTask;
    }

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex Words();
}
