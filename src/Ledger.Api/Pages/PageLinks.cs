using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace Ledger.Api.Pages;

/// <summary>
/// The pages' URLs: the API's paths under <c>/ui/</c> with the API's own query parameters, so a page is bookmarkable
/// and its API twin is the same URL without the prefix.
/// </summary>
public static class PageLinks
{
    public const string Root = "/ui";

    public static string Statement(string entity, string statement, StatementQuery? query = null) =>
        With($"{Root}/entities/{Uri.EscapeDataString(entity)}/statements/{Uri.EscapeDataString(statement)}", query?.Parameters());

    public static string StatementApi(string entity, string statement, StatementQuery query, string? format = null) =>
        With($"/api/entities/{Uri.EscapeDataString(entity)}/statements/{Uri.EscapeDataString(statement)}",
            query.ApiParameters().Append(new("format", format)));

    public static string History(string entity, string concept, string period, IReadOnlyDictionary<string, string>? dimensions, string? nature) =>
        With($"{Root}/entities/{Uri.EscapeDataString(entity)}/facts/{Uri.EscapeDataString(concept)}/history",
        [
            new("period", period),
            new("dimensions", dimensions is { Count: > 0 } ? string.Join(";", dimensions.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={d.Value}")) : null),
            new("nature", nature is null or "actual" ? null : nature),
        ]);

    public static string Restatements => $"{Root}/restatements";

    private static string With(string path, IEnumerable<KeyValuePair<string, string?>>? parameters) =>
        parameters?.Where(p => !string.IsNullOrEmpty(p.Value)).ToList() is { Count: > 0 } present
            ? QueryHelpers.AddQueryString(path, present)
            : path;

    /// <summary>
    /// A figure with grouped digits and the decimals it carries; a restated figure carries more (1,750.00 / 200 has
    /// five), and trailing zeros past the second place say nothing to a reader, so they are left off.
    /// </summary>
    public static string Figure(decimal value, int decimals)
    {
        var text = value.ToString(decimals > 0 ? $"N{decimals}" : "N0", CultureInfo.InvariantCulture);
        if (decimals <= 2) return text;
        var trimmed = text.TrimEnd('0');
        var shown = trimmed.Length - trimmed.IndexOf('.') - 1;
        return shown >= 2 ? trimmed : trimmed + new string('0', 2 - shown);
    }

    public static string Instant(DateTimeOffset instant) =>
        instant.TimeOfDay == TimeSpan.Zero ? instant.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}

/// <summary>The statement page's query: the API's parameters, plus <c>since</c>, the date whose differences it highlights.</summary>
public sealed record StatementQuery(string? Period, string? AsOf, string? RecordedAsOf, string? Basis, string? Since)
{
    public IEnumerable<KeyValuePair<string, string?>> ApiParameters() =>
    [
        new("period", Period), new("asOf", AsOf), new("recordedAsOf", RecordedAsOf), new("basis", Basis is "restated" ? null : Basis),
    ];

    public IEnumerable<KeyValuePair<string, string?>> Parameters() => ApiParameters().Append(new("since", Since));

    public bool AsReported => Basis == "as-reported";
}
