using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ledger.Api.Http;
using Ledger.Domain.Values;
using Ledger.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Tests.Http;

/// <summary>
/// The OpenAPI document as a client generator reads it. Every check walks the whole document, so a route added
/// later is held to the same rules without a line here changing.
/// </summary>
[Collection(LedgerApiCollection.Name)]
public sealed partial class DescribingTheApi(LedgerApi api)
{
    /// <summary>Every named endpoint of the service, by name, with the responses it declares.</summary>
    private static readonly Dictionary<string, MethodInfo> Endpoints = typeof(ProblemResponseAttribute).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
        .Where(m => m.GetCustomAttribute<WolverineHttpMethodAttribute>()?.Name is not null)
        .ToDictionary(m => m.GetCustomAttribute<WolverineHttpMethodAttribute>()!.Name!);

    private static readonly HashSet<string> Codes = typeof(RejectionCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();

    private async Task<JsonDocument> DocumentAsync() => JsonDocument.Parse(await api.Client.GetStringAsync("/openapi/v1.json"));

    private static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations(JsonDocument document) =>
        document.RootElement.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete")
            .Select(o => (o.Name.ToUpperInvariant(), path.Name, o.Value)));

    [Fact]
    public async Task Every_operation_is_named_by_its_endpoint_and_every_named_endpoint_is_described_once()
    {
        using var document = await DocumentAsync();

        var ids = Operations(document).Select(o => o.Operation.GetProperty("operationId").GetString()!).ToList();

        Assert.Equal(Endpoints.Keys.Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        Assert.Contains("RecordFiling", ids);
    }

    [Fact]
    public async Task Every_operation_lists_exactly_the_responses_its_endpoint_declares()
    {
        using var document = await DocumentAsync();

        foreach (var (method, path, operation) in Operations(document))
        {
            var endpoint = Endpoints[operation.GetProperty("operationId").GetString()!];
            var declared = endpoint.GetCustomAttributes<ProducesResponseTypeAttribute>().Select(a => a.StatusCode.ToString()).Where(s => s[0] is '4' or '5');
            var listed = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Where(s => s[0] is '4' or '5');
            Assert.True(declared.Order().SequenceEqual(listed.Order()), $"{method} {path}: lists {string.Join(",", listed)}, declares {string.Join(",", declared)}");
        }
    }

    /// <summary>A read appends nothing, so no write conflict can answer it (a broken hash chain is the one conflict a read reports).</summary>
    [Fact]
    public async Task No_read_declares_a_write_conflict()
    {
        using var document = await DocumentAsync();
        string[] writeConflicts = [RejectionCodes.Conflict, RejectionCodes.ConcurrentChange, RejectionCodes.ExistsWithDifferentContent, RejectionCodes.ExpectedVersionMismatch];

        var reads = Operations(document).Where(o => o.Method == "GET").ToList();

        Assert.NotEmpty(reads);
        foreach (var (_, path, operation) in reads)
            if (operation.GetProperty("responses").TryGetProperty("409", out var conflict))
                Assert.All(CodeInBackticks().Matches(conflict.GetProperty("description").GetString()!), code =>
                    Assert.DoesNotContain(code.Groups[1].Value, writeConflicts));
        Assert.Equal(["/api/admin/integrity/digest"], reads.Where(r => r.Operation.GetProperty("responses").TryGetProperty("409", out _)).Select(r => r.Path));
    }

    [Fact]
    public async Task Every_problem_response_names_its_codes_and_each_is_a_rejection_code()
    {
        using var document = await DocumentAsync();

        foreach (var (method, path, operation) in Operations(document))
            foreach (var response in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
            {
                var named = CodeInBackticks().Matches(response.Value.GetProperty("description").GetString()!).Select(m => m.Groups[1].Value).ToList();
                Assert.True(named.Count > 0, $"{method} {path} {response.Name} names no problem code");
                Assert.All(named, code => Assert.Contains(code, Codes));
            }

        var filing = Operations(document).Single(o => o.Operation.GetProperty("operationId").GetString() == "RecordFiling").Operation;
        Assert.Equal("Conflict: a problem document whose code is `exists_with_different_content`, `concurrent_change`.",
            filing.GetProperty("responses").GetProperty("409").GetProperty("description").GetString());
    }

    [Fact]
    public async Task The_server_url_has_no_trailing_slash_every_tag_is_described_and_the_bearer_scheme_stays_declared()
    {
        using var document = await DocumentAsync();
        var root = document.RootElement;

        Assert.All(root.GetProperty("servers").EnumerateArray(), server => Assert.False(server.GetProperty("url").GetString()!.EndsWith('/')));
        var described = root.GetProperty("tags").EnumerateArray()
            .ToDictionary(t => t.GetProperty("name").GetString()!, t => t.TryGetProperty("description", out var d) ? d.GetString() : null);
        var used = Operations(document).SelectMany(o => o.Operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)).Distinct();
        Assert.All(used, tag => Assert.False(string.IsNullOrWhiteSpace(described.GetValueOrDefault(tag)), $"tag {tag} has no description"));
        Assert.Equal("bearer", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
    }

    [GeneratedRegex("`([a-z_]+)`")]
    private static partial Regex CodeInBackticks();
}
