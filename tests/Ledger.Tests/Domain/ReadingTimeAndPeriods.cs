using Ledger.Domain.Values;

namespace Ledger.Tests.Domain;

public sealed class ReadingTimeAndPeriods
{
    [Fact]
    public void A_figure_known_from_a_date_is_known_from_the_start_of_that_day_in_utc()
    {
        Assert.True(KnownTime.TryParseStart("2013-02-08", out var instant));
        Assert.Equal(new DateTimeOffset(2013, 2, 8, 0, 0, 0, TimeSpan.Zero), instant);
    }

    [Fact]
    public void A_question_as_of_a_date_asks_about_the_last_microsecond_of_that_day_in_utc()
    {
        Assert.True(KnownTime.TryParseAsOf("2013-02-07", out var instant));
        Assert.Equal(new DateTimeOffset(2013, 2, 8, 0, 0, 0, TimeSpan.Zero).AddTicks(-10), instant);
    }

    [Fact]
    public void An_instant_with_an_offset_is_converted_to_utc()
    {
        Assert.True(KnownTime.TryParseStart("2013-02-08T15:00:00+09:00", out var instant));
        Assert.Equal(new DateTimeOffset(2013, 2, 8, 6, 0, 0, TimeSpan.Zero), instant);
        Assert.Equal(TimeSpan.Zero, instant.Offset);
    }

    [Theory]
    [InlineData("2013-02-08T15:00:00")]
    [InlineData("08/02/2013")]
    [InlineData("")]
    public void A_time_without_an_explicit_offset_or_in_another_format_is_refused(string text) =>
        Assert.False(KnownTime.TryParseStart(text, out _));

    [Theory]
    [InlineData("2012-04-01/2012-12-31", "2012-04-01/2012-12-31", false)]
    [InlineData("2012-12-31", "2012-12-31", true)]
    public void Periods_are_durations_or_instants_in_canonical_iso_8601(string text, string canonical, bool instant)
    {
        Assert.True(Period.TryParse(text, out var period, out _));
        Assert.Equal((canonical, instant), (period.ToString(), period.IsInstant));
    }
}
