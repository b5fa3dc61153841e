namespace Ledger.Domain.LineItems;

/// <summary>
/// When two publications of one figure say the same thing. As xBRL's duplicate-fact consistency rule has it, two
/// values agree when they are equal once both are rounded to the coarser of their two precisions: 0.634 (a 3.17
/// moved onto a 5-for-1 basis, 3 decimals) and a later filing's 0.63 (2 decimals) agree; 0.634 and 0.64 do not.
/// </summary>
public static class Consistency
{
    public static bool Agree(decimal a, int aDecimals, decimal b, int bDecimals)
    {
        var coarser = Math.Min(aDecimals, bDecimals);
        return RoundTo(a, coarser) == RoundTo(b, coarser);
    }

    /// <summary>Rounds half away from zero to <paramref name="decimals"/> places; negative places round to tens, thousands….</summary>
    public static decimal RoundTo(decimal value, int decimals)
    {
        if (decimals >= 0) return Math.Round(value, Math.Min(decimals, 28), MidpointRounding.AwayFromZero);
        var scale = Pow10(-decimals);
        return Math.Round(value / scale, MidpointRounding.AwayFromZero) * scale;
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++) result *= 10m;
        return result;
    }
}
