namespace Ledger.Domain.Values;

/// <summary>
/// Optional name→member qualifiers of a line item (<c>Segment: AtmOperation</c>), kept in ordinal order so
/// that the same dimensions always give the same line-item id and content hash.
/// </summary>
public static class Dimensions
{
    public static readonly IReadOnlyDictionary<string, string> None = new SortedDictionary<string, string>(StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, string> Of(IEnumerable<KeyValuePair<string, string>>? pairs) =>
        pairs is null ? None : new SortedDictionary<string, string>(pairs.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);

    /// <summary>The canonical text form, <c>Name=Member;Other=Member</c>, or empty when there are none.</summary>
    public static string Canonical(IReadOnlyDictionary<string, string>? dimensions) =>
        dimensions is null || dimensions.Count == 0
            ? ""
            : string.Join(';', dimensions.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={d.Value}"));

    /// <summary>Parses the canonical form back (used by query strings: <c>dimensions=Segment=AtmOperation</c>).</summary>
    public static bool TryParse(string? text, out IReadOnlyDictionary<string, string> dimensions)
    {
        dimensions = None;
        if (string.IsNullOrEmpty(text)) return true;
        var pairs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Split(';'))
        {
            var nameAndMember = part.Split('=');
            if (nameAndMember.Length != 2 || !IsName(nameAndMember[0]) || !IsName(nameAndMember[1])) return false;
            if (!pairs.TryAdd(nameAndMember[0], nameAndMember[1])) return false;
        }
        dimensions = pairs;
        return true;
    }

    public static bool IsName(string? text) =>
        !string.IsNullOrEmpty(text) && text.Length <= 100 && char.IsAsciiLetter(text[0]) && text.All(char.IsAsciiLetterOrDigit);
}
