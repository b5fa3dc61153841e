using Ledger.Domain.LineItems;
using Ledger.Projections.LineItemVersions;

namespace Ledger.Tests.Domain;

/// <summary>How a line item's versions become rows on the known-time and recorded-time axes.</summary>
public sealed class BuildingBitemporalRows
{
    private static readonly DateTimeOffset May15 = new(2012, 5, 15, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Feb08 = new(2013, 2, 8, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Tuesday = Monday.AddDays(1);

    private static RecordedVersion Version(int number, decimal value, DateTimeOffset knownFrom, DateTimeOffset recordedAt) =>
        new(new LineItemVersion(number, new Figure(value, "JPY", -3, null, "s"), knownFrom, VersionCause.Reported, $"F-{number}"), recordedAt);

    [Fact]
    public void One_version_holds_for_all_later_known_and_recorded_times() =>
        Assert.Equal(
            [new VersionInterval(1, May15, null, Monday, null)],
            BitemporalRows.Of([Version(1, 1000m, May15, Monday)]));

    [Fact]
    public void A_later_version_ends_the_earlier_one_on_known_time_and_closes_its_open_row_on_recorded_time() =>
        Assert.Equal(
            [
                new VersionInterval(1, May15, null, Monday, Tuesday),
                new VersionInterval(1, May15, Feb08, Tuesday, null),
                new VersionInterval(2, Feb08, null, Tuesday, null),
            ],
            BitemporalRows.Of([Version(1, 1000m, May15, Monday), Version(2, 1200m, Feb08, Tuesday)]));

    [Fact]
    public void An_earlier_version_recorded_late_shows_only_from_its_recording_on() =>
        Assert.Equal(
            [
                new VersionInterval(1, Feb08, null, Monday, null),
                new VersionInterval(2, May15, Feb08, Tuesday, null),
            ],
            BitemporalRows.Of([Version(1, 1200m, Feb08, Monday), Version(2, 1000m, May15, Tuesday)]));

    [Fact]
    public void Of_two_versions_known_from_the_same_instant_the_later_recorded_wins() =>
        Assert.Equal(
            [
                new VersionInterval(1, Feb08, null, Monday, Tuesday),
                new VersionInterval(2, Feb08, null, Tuesday, null),
            ],
            BitemporalRows.Of([Version(1, 1000m, Feb08, Monday), Version(2, 1100m, Feb08, Tuesday)]));

    [Fact]
    public void Rows_never_move_they_only_close_so_recomputing_after_each_version_agrees_with_computing_once()
    {
        var versions = new[] { Version(1, 1m, Feb08, Monday), Version(2, 2m, May15, Tuesday), Version(3, 3m, Feb08.AddDays(30), Tuesday.AddHours(1)) };

        var stepwise = Enumerable.Range(1, versions.Length).Select(n => BitemporalRows.Of(versions.Take(n).ToList())).ToList();

        for (var step = 1; step < stepwise.Count; step++)
            foreach (var earlier in stepwise[step - 1])
                if (earlier.RecordedTo is not null)
                    Assert.Contains(earlier, stepwise[step]); // a closed row stays exactly as it was, never reopened
                else
                    Assert.Contains(stepwise[step], row => row == earlier || row == earlier with { RecordedTo = versions[step].RecordedAt });
    }
}
