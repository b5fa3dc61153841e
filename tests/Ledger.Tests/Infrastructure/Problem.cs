using System.Net;
using System.Text.Json;

namespace Ledger.Tests.Infrastructure;

/// <summary>An RFC 9457 problem document as the tests read it.</summary>
public sealed record Problem(string Type, string Title, int Status, string? Detail, string Code, IReadOnlyList<ProblemError> Errors)
{
    public static async Task<Problem> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var errors = root.TryGetProperty("errors", out var list)
            ? list.EnumerateArray().Select(e => new ProblemError(e.GetProperty("field").GetString()!, e.GetProperty("code").GetString()!, e.GetProperty("message").GetString()!)).ToList()
            : [];
        return new Problem(root.GetProperty("type").GetString()!, root.GetProperty("title").GetString()!, root.GetProperty("status").GetInt32(),
            root.TryGetProperty("detail", out var detail) ? detail.GetString() : null, root.GetProperty("code").GetString()!, errors);
    }
}

public sealed record ProblemError(string Field, string Code, string Message);
