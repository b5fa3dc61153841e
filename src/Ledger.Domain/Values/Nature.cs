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
    public static string ToName(this Nature nature) => nature.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out Nature nature)
    {
        nature = default;
        return text is not null
            && text.All(char.IsAsciiLetterLower)
            && Enum.TryParse(text, ignoreCase: true, out nature);
    }
}
