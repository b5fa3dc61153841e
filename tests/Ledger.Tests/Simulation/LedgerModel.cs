using System.Collections.Immutable;

namespace Ledger.Tests.Simulation;

/// <summary>One value a line item has had, as the model keeps it.</summary>
public sealed record ModelGeneration(decimal Value, int Decimals, DateOnly KnownFrom, DateOnly? ShareBasisDate);

/// <summary>A share-basis change as the model keeps it: recorded at a checkpoint, so recorded-time questions can leave it out.</summary>
public sealed record ModelSplit(string Id, int From, int To, DateOnly EffectiveOn, DateOnly KnownFrom, int RecordedAt)
{
    public DateOnly InForceFrom => KnownFrom > EffectiveOn ? KnownFrom : EffectiveOn;
}

/// <summary>What a reader should see for one line item: its value and precision.</summary>
public sealed record ModelFigure(decimal Value, int Decimals);

/// <summary>
/// A deliberately small model of the ledger, written apart from the code under test: every line item's values in
/// recorded order, the stream version the write side counts (every filing fact, confirmations included, and every revision adds one), and the
/// splits. Immutable, so the simulator keeps the state after every operation and asks recorded-time questions of it.
/// </summary>
public sealed record LedgerModel(
    ImmutableDictionary<(string Concept, string Period), ImmutableList<ModelGeneration>> Lines,
    ImmutableDictionary<(string Concept, string Period), int> StreamVersions,
    ImmutableList<ModelSplit> Splits)
{
    public static readonly LedgerModel Empty = new(
        ImmutableDictionary<(string, string), ImmutableList<ModelGeneration>>.Empty, ImmutableDictionary<(string, string), int>.Empty, []);

    /// <summary>The value in force at the end of <paramref name="asOf"/>: the latest known by then; of two known the same day, the later recorded.</summary>
    public ModelGeneration? InForce((string, string) line, DateOnly asOf) =>
        Lines.TryGetValue(line, out var versions)
            ? versions.Select((v, i) => (v, i)).Where(p => p.v.KnownFrom <= asOf).OrderBy(p => p.v.KnownFrom).ThenBy(p => p.i).Select(p => p.v).LastOrDefault()
            : null;

    public int StreamVersion((string, string) line) => StreamVersions.GetValueOrDefault(line);

    public LedgerModel With((string, string) line, ModelGeneration version) => this with
    {
        Lines = Lines.SetItem(line, Lines.GetValueOrDefault(line, []).Add(version)),
        StreamVersions = StreamVersions.SetItem(line, StreamVersion(line) + 1),
    };

    public LedgerModel With(ModelSplit split) => this with { Splits = Splits.Add(split) };

    /// <summary>Every line item known at <paramref name="asOf"/>, on the basis asked, with splits recorded by checkpoint <paramref name="recordedBy"/>.</summary>
    public Dictionary<(string, string), ModelFigure> Answer(DateOnly asOf, bool restated, int recordedBy)
    {
        var answer = new Dictionary<(string, string), ModelFigure>();
        foreach (var line in Lines.Keys)
            if (InForce(line, asOf) is { } version)
                answer[line] = restated && version.ShareBasisDate is { } basis ? Restate(version, basis, asOf, recordedBy) : new(version.Value, version.Decimals);
        return answer;
    }

    /// <summary>
    /// The rounding rule written out again, independently: per-share figures are multiplied by every old/new ratio
    /// in force, once, and divided figures gain as many places as it takes for 10^places to cover the ratio.
    /// </summary>
    private ModelFigure Restate(ModelGeneration version, DateOnly basis, DateOnly asOf, int recordedBy)
    {
        var applicable = Splits.Where(s => s.InForceFrom <= asOf && s.RecordedAt <= recordedBy && s.EffectiveOn > basis).ToList();
        if (applicable.Count == 0) return new(version.Value, version.Decimals);
        long numerator = 1, denominator = 1;
        foreach (var s in applicable) (numerator, denominator) = (numerator * s.From, denominator * s.To);
        var places = version.Decimals;
        for (var power = 1L; power * numerator < denominator; power *= 10) places++;
        var exact = version.Value * numerator / denominator;
        return new(decimal.Round(exact, places, MidpointRounding.AwayFromZero), places);
    }
}
