using System.Reflection;

namespace Ledger.Api.Pages;

/// <summary>The pages' stylesheet and feed script, embedded in the assembly so the host serves them from wherever it runs.</summary>
public static class PageAssets
{
    private static readonly Dictionary<string, string> ContentTypes = new()
    {
        ["ledger.css"] = "text/css; charset=utf-8",
        ["feed.js"] = "text/javascript; charset=utf-8",
    };

    public static IResult Get(string name, HttpContext context)
    {
        if (!ContentTypes.TryGetValue(name, out var contentType)) return Results.NotFound();
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Ledger.Api.Pages.Assets.{name}")!;
        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Stream(stream, contentType);
    }
}
