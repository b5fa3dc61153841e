namespace Ledger.Domain.Values;

/// <summary>
/// The ledger's bounds on what a caller may send, in one place (the README's "Limits" section is their copy).
/// Each keeps one request from costing more than a published document could need, and keeps the arithmetic
/// done on stored figures (reclassification, share-basis restatement) inside what a decimal holds.
/// </summary>
public static class Limits
{
    public const int TitleLength = 500;
    public const int SourceLength = 500;
    public const int NoteLength = 1_000;
    public const int ReasonLength = 1_000;
    public const int DimensionsPerLineItem = 10;

    /// <summary>
    /// |value| must stay below 10^16 base units (ten quadrillion: above any published figure in any currency).
    /// With every split of an entity multiplying out to at most 10^12 (<see cref="SplitProduct"/>), a restated
    /// figure stays below 10^28, inside decimal's 7.9 × 10^28, so restating can never overflow.
    /// </summary>
    public const decimal ValueMagnitude = 10_000_000_000_000_000m;

    /// <summary>Each side of one split or consolidation (1:200 is a large split; 1:1,000,000 is the most the ledger takes).</summary>
    public const int SplitSide = 1_000_000;

    /// <summary>The product of every split's new shares, and of every split's old shares, of one entity.</summary>
    public const decimal SplitProduct = 1_000_000_000_000m;

    public static bool IsValueInRange(decimal value) => Math.Abs(value) < ValueMagnitude;

    /// <summary>
    /// Checks a free-text field: at most <paramref name="maxLength"/> characters, and only characters a document
    /// holds (no NUL or other control characters but tab and line breaks, no half of a surrogate pair), because
    /// PostgreSQL's JSON cannot store some of them and none of them is ever meant.
    /// </summary>
    public static void CheckText(string field, string? text, int maxLength, Rejections rejections)
    {
        if (text is null) return;
        if (text.Length > maxLength)
            rejections.Add(field, RejectionCodes.TextTooLong, $"{field} is {text.Length} characters long; at most {maxLength} are taken.");
        else if (!IsPrintable(text))
            rejections.Add(field, RejectionCodes.TextInvalid, $"{field} holds a control character (such as NUL) or a broken character.");
    }

    /// <summary>True when the text has no control character but tab, CR and LF, and every surrogate is paired.</summary>
    public static bool IsPrintable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r')) return false;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return false;
        }
        return true;
    }
}
