using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using Ledger.Tests.Infrastructure;

namespace Ledger.Tests.Http;

/// <summary>
/// A property over every route the OpenAPI document lists (so a route added later is covered without touching
/// this test): 10,000 generated malformed requests (hostile path segments, query values and bodies) never get a
/// 5xx, every refusal is an RFC 9457 document with a specific code, and no refused request appends anything.
/// </summary>
[Collection(LedgerApiCollection.Name)]
public sealed class FuzzingEveryRoute(LedgerApi api)
{
    private sealed record Route(string Method, string Template, IReadOnlyList<string> Query);

    private sealed record Request(string Method, string Url, string? Body)
    {
        public override string ToString() => $"{Method} {Url} {Body?[..Math.Min(Body.Length, 300)]}";
    }

    // Every value below is wrong for every field that takes it: no date in range, no id that could be recorded,
    // no version that exists. So every POST is refused, and a valid GET only reads.
    private static readonly string[] Segments =
        ["", " ", "iij", "IIJ!", new string('A', 300), "%01", "%C3%A9", "..", "%2F", "%FF", "null", "-1", "🙂", "a%20b"];

    private static readonly string[] QueryValues =
        ["", "%01", "%FF", "9999-12-31", "0001-01-01", "2013-02-31", "2013-02-08T10:00", "-1", "99999999999999999999", "abc",
         "2012-12-31/2012-01-01", "1e400", "true", new string('9', 400), "a=b=c", "%C3%A9", "🙂"];

    private static readonly string[] Fields =
        ["filingId", "title", "knownFrom", "facts", "revisionId", "concept", "period", "dimensions", "nature", "value", "unit",
         "decimals", "shareBasisDate", "source", "note", "reason", "expectedVersion", "splitId", "from", "to", "effectiveOn",
         "reclassificationId", "amount", "version", "derivedFrom"];

    private static readonly string[] JsonValues =
        ["null", "\"\"", "\"\\u0000x\"", "\"" + new string('x', 5_000) + "\"", "\"9999-12-31\"", "\"0001-01-01\"", "\"2013-02-31\"",
         "79228162514264337593543950335", "-7.5", "2147483648", "1e400", "true", "[]", "{}", "\"Revenues\\u0001\"", "\"\\ud800\"",
         "\"1000\"", "-2147483649", "[null]", "{\"A\":\"\\u0000\"}"];

    private static readonly string[] RawBodies =
        ["null", "", "[]", "\"x\"", "1", "{", "{\"a\":", "true", "{\"facts\":null}", "\u0000", "{\"filingId\":\"F\",\"filingId\":\"G\"}", "[{}]"];

    [Fact]
    public async Task Ten_thousand_malformed_requests_get_no_5xx_a_coded_problem_for_every_refusal_and_append_nothing()
    {
        var routes = await RoutesAsync();
        Assert.True(routes.Count >= 10, $"the OpenAPI document lists only {routes.Count} routes");
        var events = await api.EventCountAsync();
        var byStatus = new ConcurrentDictionary<int, int>();
        var covered = new ConcurrentDictionary<string, int>();

        await Generate(routes).SampleAsync(async request =>
        {
            var (status, problem) = await SendAsync(request);
            byStatus.AddOrUpdate(status, 1, (_, n) => n + 1);
            covered.AddOrUpdate(request.Method + " " + request.Url.Split('?')[0], 1, (_, n) => n + 1);
            Assert.True(status < 500, $"{status} for {request}: {problem}");
            if (status < 400) return;
            Assert.NotNull(problem);
            using var document = JsonDocument.Parse(problem);
            var code = document.RootElement.GetProperty("code").GetString();
            Assert.False(string.IsNullOrEmpty(code) || code == "server_error", $"no specific code for {request}: {problem}");
            Assert.Equal(status, document.RootElement.GetProperty("status").GetInt32());
            Assert.True(document.RootElement.TryGetProperty("title", out _), $"no title: {problem}");
        }, iter: 10_000, threads: 4, print: r => r.ToString());

        Assert.Equal(events, await api.EventCountAsync());
        Assert.Contains(byStatus.Keys, s => s == 400);
    }

    private async Task<List<Route>> RoutesAsync()
    {
        using var document = JsonDocument.Parse(await api.Client.GetStringAsync("/openapi/v1.json"));
        var routes = new List<Route>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch"))
            {
                var query = operation.Value.TryGetProperty("parameters", out var parameters)
                    ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).ToList()
                    : [];
                routes.Add(new Route(operation.Name.ToUpperInvariant(), path.Name, query));
            }
        return routes;
    }

    private static Gen<Request> Generate(IReadOnlyList<Route> routes) =>
        from route in Gen.OneOf([.. routes])
        from segments in Gen.OneOf(Segments).Array[4]
        from query in Gen.Select(Gen.OneOf([.. route.Query.DefaultIfEmpty("x")]), Gen.OneOf(QueryValues)).Array[0, 4]
        from body in Body
        select new Request(route.Method, Url(route.Template, segments, query), route.Method == "GET" ? null : body);

    private static readonly Gen<string> Body = Gen.Frequency(
        (1, Gen.OneOf(RawBodies)),
        (4, Gen.Select(Gen.OneOf(Fields), Gen.OneOf(JsonValues)).Array[0, 8].Select(Object)),
        (2, Gen.Select(Gen.OneOf(Fields), Gen.OneOf(JsonValues)).Array[1, 6].Select(Object).Array[1, 3]
            .Select(facts => $"{{\"filingId\":\"F-1\",\"title\":\"t\",\"knownFrom\":\"2013-02-31\",\"facts\":[{string.Join(',', facts)}]}}")));

    private static string Object((string Field, string Value)[] pairs) =>
        "{" + string.Join(',', pairs.Select(p => $"\"{p.Field}\":{p.Value}")) + "}";

    private static string Url(string template, string[] segments, (string Name, string Value)[] query)
    {
        var i = 0;
        var path = System.Text.RegularExpressions.Regex.Replace(template, "{[^}]+}", _ => segments[i++ % segments.Length]);
        return query.Length == 0 ? path : path + "?" + string.Join('&', query.Select(q => $"{q.Name}={q.Value}"));
    }

    /// <summary>Headers only for a success (the stream never ends); the body of every refusal.</summary>
    private async Task<(int Status, string? Problem)> SendAsync(Request request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
        if (request.Body is not null) message.Content = new StringContent(request.Body, Encoding.UTF8, "application/json");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await api.Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var status = (int)response.StatusCode;
        if (status < 400) return (status, null);
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"{status} {response.Content.Headers.ContentType} for {request}");
        return (status, await response.Content.ReadAsStringAsync(timeout.Token));
    }
}
