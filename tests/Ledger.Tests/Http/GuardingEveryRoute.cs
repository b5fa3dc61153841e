using System.Net;
using System.Text;
using System.Text.Json;
using Ledger.Tests.Infrastructure;

namespace Ledger.Tests.Http;

/// <summary>
/// Who may call what, checked on every route the OpenAPI document lists, so that a route added later is walked
/// too without editing this test. The contract: reader may GET, writer may POST an entity's data, operator may
/// use /api/admin; no token, a forged or an expired one is 401, a valid token without the role is 403.
/// </summary>
[Collection(LedgerApiCollection.Name)]
public sealed class GuardingEveryRoute(LedgerApi api)
{
    private sealed record Route(string Method, string Path)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    private static string? RoleTheContractNames(Route route) =>
        route.Path.StartsWith("/api/admin/") ? "operator"
        : route.Method == "GET" ? "reader"
        : route.Method == "POST" && route.Path.StartsWith("/api/entities/") ? "writer"
        : null;

    [Fact]
    public async Task Every_documented_route_answers_401_without_a_valid_token_403_without_its_role_and_lets_its_role_in()
    {
        var routes = await DocumentedRoutesAsync();
        Assert.Contains(routes, r => r.Method == "POST");
        var eventsBefore = await api.EventCountAsync();
        var failures = new List<string>();

        foreach (var route in routes)
        {
            foreach (var (name, token, code) in new[]
                     {
                         ("no token", (string?)null, "token_missing"),
                         ("a token signed with another key", TestTokens.BadlySigned("reader", "writer", "operator"), "token_invalid"),
                         ("an expired token", TestTokens.Expired("reader", "writer", "operator"), "token_expired"),
                     })
                await ExpectProblemAsync(route, token, HttpStatusCode.Unauthorized, code, name, failures);

            var needed = RoleTheContractNames(route);
            foreach (var role in new[] { "reader", "writer", "operator" })
            {
                if (role == needed) await ExpectAdmittedAsync(route, TestTokens.WithRoles(role), role, failures);
                else await ExpectProblemAsync(route, TestTokens.WithRoles(role), HttpStatusCode.Forbidden, "role_missing", $"role {role}", failures);
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(eventsBefore, await api.EventCountAsync());
    }

    [Fact]
    public async Task The_openapi_document_declares_the_bearer_scheme_for_every_operation()
    {
        using var document = JsonDocument.Parse(await api.Client.GetStringAsync("/openapi/v1.json"));

        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.True(document.RootElement.GetProperty("security")[0].TryGetProperty("Bearer", out _));
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_answers_without_a_token(string path)
    {
        using var anonymous = api.CreateClient(token: null);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(path)).StatusCode);
    }

    private async Task<List<Route>> DocumentedRoutesAsync()
    {
        using var document = JsonDocument.Parse(await api.Client.GetStringAsync("/openapi/v1.json"));
        return document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(operation => operation.Name is "get" or "post" or "put" or "patch" or "delete")
                .Select(operation => new Route(operation.Name.ToUpperInvariant(), Fill(path.Name))))
            .ToList();
    }

    /// <summary>Path parameters get values no test records anything under, so an admitted call changes nothing.</summary>
    private static string Fill(string template) => System.Text.RegularExpressions.Regex.Replace(template, "{([^}]+)}", match => match.Groups[1].Value switch
    {
        "entity" => "ROUTEWALK",
        "statement" => "income",
        "concept" => "Revenues",
        _ => "no-such-" + match.Groups[1].Value.ToLowerInvariant(),
    });

    private async Task ExpectProblemAsync(Route route, string? token, HttpStatusCode status, string code, string caller, List<string> failures)
    {
        var (actual, mediaType, body) = await SendAsync(route, token);
        string? actualCode = null;
        if (mediaType == "application/problem+json")
        {
            using var problem = JsonDocument.Parse(body);
            actualCode = problem.RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
        }
        if (actual != status || actualCode != code)
            failures.Add($"{route} with {caller}: expected {(int)status} {code}, got {(int)actual} {actualCode} {body}");
    }

    private async Task ExpectAdmittedAsync(Route route, string token, string role, List<string> failures)
    {
        var (status, _, body) = await SendAsync(route, token);
        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.InternalServerError)
            failures.Add($"{route} with role {role}: expected it let in, got {(int)status} {body}");
    }

    /// <summary>Headers only, so that the restatement stream (which never ends) answers too; POSTs send an empty object.</summary>
    private async Task<(HttpStatusCode Status, string? MediaType, string Body)> SendAsync(Route route, string? token)
    {
        using var client = api.CreateClient(token);
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path);
        if (route.Method != "GET") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var body = mediaType == "text/event-stream" ? "" : await response.Content.ReadAsStringAsync();
        return (response.StatusCode, mediaType, body);
    }
}
