using CsCheck;
using Ledger.Domain.LineItems;
using Ledger.Projections.LineItemVersions;

namespace Ledger.Tests.Properties;

/// <summary>
/// Properties of the bitemporal rows over random histories of one line item: versions known from random days,
/// some of them earlier than versions already recorded (late filings and revisions), recorded one after another.
/// </summary>
public sealed class BitemporalRowProperties
{
    private static readonly DateTimeOffset FirstKnown = new(2012, 5, 15, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FirstRecorded = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    /// <summary>1–8 versions: each known from one of ten days (so same-day ties occur), recorded 1–3 hours after the last.</summary>
    private static readonly Gen<List<RecordedVersion>> Histories =
        Gen.Select(Gen.Int[0, 9], Gen.Int[1, 3]).Array[1, 8].Select(steps =>
        {
            var recorded = FirstRecorded;
            return steps.Select((step, i) =>
            {
                recorded = recorded.AddHours(step.Item2);
                var figure = new Figure(1000m * (i + 1), "JPY", -3, null, "s");
                return new RecordedVersion(new LineItemVersion(i + 1, figure, FirstKnown.AddDays(step.Item1), VersionCause.Reported, $"F-{i + 1}"), recorded);
            }).ToList();
        });

    [Fact]
    public void Rows_upserted_after_each_version_equal_the_rows_of_the_whole_history() =>
        Histories.Sample(versions =>
        {
            // As the projection stores them: a row's identity is (version, known from, recorded from); later steps only update.
            var stored = new Dictionary<(int, DateTimeOffset, DateTimeOffset), VersionInterval>();
            for (var n = 1; n <= versions.Count; n++)
                foreach (var row in BitemporalRows.Of(versions.Take(n).ToList()))
                    stored[(row.Version, row.KnownFrom, row.RecordedFrom)] = row;

            Assert.Equal(BitemporalRows.Of(versions).ToHashSet(), stored.Values.ToHashSet());
        });

    [Fact]
    public void A_closed_row_never_changes_and_an_open_row_only_closes_at_the_next_recording() =>
        Histories.Sample(versions =>
        {
            for (var n = 1; n < versions.Count; n++)
            {
                var after = BitemporalRows.Of(versions.Take(n + 1).ToList());
                foreach (var before in BitemporalRows.Of(versions.Take(n).ToList()))
                    if (before.RecordedTo is null)
                        Assert.Contains(after, row => row == before || row == before with { RecordedTo = versions[n].RecordedAt });
                    else
                        Assert.Contains(before, after);
            }
        });

    [Fact]
    public void Every_known_and_recorded_point_lies_in_at_most_one_row_holding_the_version_a_reader_was_told() =>
        Histories.Sample(versions =>
        {
            var rows = BitemporalRows.Of(versions);
            for (var known = -1; known <= 11; known++)
                for (var recorded = 0; recorded <= versions.Count; recorded++)
                {
                    var asOf = FirstKnown.AddDays(known).AddHours(1);
                    // Just after the n-th recording (or before the first when recorded is 0).
                    var recordedAsOf = recorded == 0 ? FirstRecorded : versions[recorded - 1].RecordedAt.AddMinutes(1);
                    var holding = rows.Where(r => r.KnownFrom <= asOf && (r.KnownTo is null || asOf < r.KnownTo)
                        && r.RecordedFrom <= recordedAsOf && (r.RecordedTo is null || recordedAsOf < r.RecordedTo)).ToList();

                    Assert.Equal(Expected(versions, asOf, recordedAsOf), holding.Select(r => r.Version).SingleOrDefault());
                }
        });

    /// <summary>The model: of the versions recorded by then and known by then, the latest known; a tie goes to the later recorded.</summary>
    private static int Expected(List<RecordedVersion> versions, DateTimeOffset asOf, DateTimeOffset recordedAsOf) =>
        versions.Where(v => v.RecordedAt <= recordedAsOf && v.Version.KnownFrom <= asOf)
            .OrderBy(v => v.Version.KnownFrom).ThenBy(v => v.Version.Version)
            .Select(v => v.Version.Version).LastOrDefault();
}
