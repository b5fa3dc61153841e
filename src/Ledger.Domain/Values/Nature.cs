namespace Ledger.Domain.Values;

/// <summary>Whether a figure is an outcome, the company's own forecast, or a target it set itself.</summary>
public enum Nature
{
    Actual,
    Forecast,
    Target,
}

public static class NatureNames
{
    // Each name once: a projection names every version's nature, and Enum.ToString boxes and allocates each time.
    private static readonly string[] Names = Enum.GetNames<Nature>().Select(name => name.ToLowerInvariant()).ToArray();

    public static string ToName(this Nature nature) => Names[(int)nature];

    public static bool TryParse(string? text, out Nature nature)
    {
        nature = default;
        return text is not null
            && text.All(char.IsAsciiLetterLower)
            && Enum.TryParse(text, ignoreCase: true, out nature);
    }
}
