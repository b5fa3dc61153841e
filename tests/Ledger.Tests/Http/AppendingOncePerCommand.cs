using System.Net;
using System.Net.Http.Json;
using Ledger.Api.Facts;
using Ledger.Api.Filings;
using Ledger.Api.Http;
using Ledger.Api.Revisions;
using Ledger.Domain.Filings;
using Ledger.Domain.LineItems;
using Ledger.Domain.Revisions;
using Ledger.Domain.Values;
using Ledger.Projections.LineItems;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Ledger.Tests.Infrastructure;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Http;

/// <summary>
/// A command appends all its events to its own stream in one call; a line item's events are found, and its versions
/// guarded, by the line-item log. Writers of one line item through different commands still conflict, and line items
/// recorded in streams of their own (before this shape) are read and carried on.
/// </summary>
[Collection(LedgerApiCollection.Name)]
public sealed class AppendingOncePerCommand(LedgerApi api)
{
    private Operator Operator => new(api.Client, api.ConnectionString);

    [Fact]
    public async Task A_filing_is_one_stream_its_record_then_its_first_reports_and_confirmations_in_one_event_then_each_restatement_each_carrying_its_version()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(1_000_000m), OperatingIncome(100_000m)));

        var filed = await api.PostFilingAsync(entity, Filing("FY", "2013-05-14", Revenue(1_100_000m), OperatingIncome(100_000m)));

        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        Assert.Equal("filing_recorded,line_items_filed", await TypesAsync($"filing|{entity}|Q3"));
        Assert.Equal("filing_recorded,line_items_filed,line_item_restated", await TypesAsync($"filing|{entity}|FY"));
        Assert.Equal(1, await Operator.ScalarAsync(
            $"select count(*) from ledger.mt_events where stream_id = 'filing|{entity}|FY' and data->'confirmed'->0->>'version' = '2'"));
        Assert.Equal(1, await Operator.ScalarAsync(
            $"select count(*) from ledger.mt_events where stream_id = 'filing|{entity}|FY' and data->>'version' = '2'"));
        Assert.Equal("OperatingIncomeLoss#2#2,Revenues#2#3", await Operator.TextAsync(
            $"select string_agg(concat_ws('#', split_part(line_item_id, '|', 2), version, stream_version), ',' order by line_item_id) " +
            $"from {LineItemLog.LogTable} where stream_id = 'filing|{entity}|FY'"));
        Assert.Equal(0, await Operator.ScalarAsync($"select count(*) from ledger.mt_streams where id like '{entity}|%'"));
    }

    private Task<string?> TypesAsync(string stream) =>
        Operator.TextAsync($"select string_agg(type, ',' order by version) from ledger.mt_events where stream_id = '{stream}'");

    [Fact]
    public async Task Of_a_revision_and_a_filing_decided_on_the_same_version_of_a_line_item_the_second_to_commit_is_a_409_and_appends_nothing()
    {
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(1_000_000m)));
        var store = api.Services.GetRequiredService<IDocumentStore>();
        var filing = Filing("FY", "2013-05-14", Revenue(1_200_000m)).Check(entity, new Rejections())!;
        var revision = new ReviseLineItem(entity, "R-1", filing.Facts[0] with { Figure = filing.Facts[0].Figure with { Value = 1_100_000m } },
            KnownTime.StartOf(new DateOnly(2013, 3, 1)), "error correction", null);
        await using var filingSession = store.LightweightSession();
        await using var revisionSession = store.LightweightSession();
        // Both read version 1 of the line item before either commits, so both decide version 2, in streams of their own.
        var filingWrite = await FilingWrite.LoadAsync(filingSession, filing, CancellationToken.None);
        var (recorded, line) = await ReviseLineItemEndpoint.LoadAsync(revision, revisionSession, CancellationToken.None);
        filingWrite.Append(filingSession, (FilingDecision.Append)filingWrite.Decide(filing));
        Assert.Equal(StatusCodes.Status201Created, ((IStatusCodeHttpResult)ReviseLineItemEndpoint.Post(null, revision, recorded, line, revisionSession)).StatusCode);

        await revisionSession.SaveChangesAsync();
        var refused = await Record.ExceptionAsync(() => filingSession.SaveChangesAsync());

        Assert.True(ConcurrencyConflicts.IsConcurrencyFailure(refused), refused?.ToString() ?? "the second commit succeeded");
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync($"/api/entities/{entity}/filings/FY")).StatusCode);
        var history = await api.GetAsync<HistoryAnswer>($"/api/entities/{entity}/facts/Revenues/history?period=2012-04-01/2012-12-31");
        Assert.Equal([(1, "reported", 1_000_000m), (2, "revised", 1_100_000m)], history.Versions.Select(v => (v.Version, v.Cause, v.Value)));
    }

    [Fact]
    public async Task A_line_item_recorded_in_a_stream_of_its_own_as_before_is_restated_by_a_filing_as_its_next_version()
    {
        var entity = NewEntity();
        var line = new LineItemIdentity(entity, "Revenues", "2012-04-01/2012-12-31", Dimensions.None, Nature.Actual);
        await using (var session = api.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            // The shape stored before: the line item's own stream, its event without a version (its position is it).
            session.Events.StartStream<LineItem>(line.Id, new LineItemReported(line.Id, line, new Figure(1_000_000m, "JPY", -3, null, "Income statement"),
                "Q3", KnownTime.StartOf(new DateOnly(2013, 2, 8))));
            await session.SaveChangesAsync();
        }

        var filed = await api.PostFilingAsync(entity, Filing("FY", "2013-05-14", Revenue(1_100_000m)));

        var result = (await filed.Content.ReadFromJsonAsync<FilingResult>(LedgerApi.Json))!;
        Assert.Equal([(line.Id, 2, "restated")], result.LineItems.Select(l => (l.LineItemId, l.Version, l.Outcome)));
        var history = await api.GetAsync<HistoryAnswer>($"/api/entities/{entity}/facts/Revenues/history?period=2012-04-01/2012-12-31");
        Assert.Equal([(1, "reported", 1_000_000m), (2, "restated", 1_100_000m)], history.Versions.Select(v => (v.Version, v.Cause, v.Value)));
    }

    [Fact]
    public async Task A_store_whose_line_item_log_is_empty_is_not_ready_until_the_offline_rebuild_indexes_every_line_items_events_again()
    {
        await api.GivenTheWorkedExampleAsync();
        var entity = NewEntity();
        await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(1_000_000m)));
        var indexed = await LogAsync();
        // As a store recorded before the log existed: events, and no log.
        await Operator.ScalarAsync($"with gone as (delete from {LineItemLog.LogTable} returning 1) select count(*) from gone");

        var report = await api.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["line-item-log"].Status);
        Assert.Contains($"projections rebuild -p {LineItemLog.ShardName}", report.Entries["line-item-log"].Description);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await api.Client.GetAsync("/health/ready")).StatusCode);

        var (exit, output) = await ServiceProcess.CommandAsync(api.ConnectionString, null, "projections", "rebuild", "-p", LineItemLog.ShardName);

        Assert.True(exit == 0, output);
        Assert.Equal(indexed, await LogAsync());
        Assert.Equal(HttpStatusCode.OK, (await api.Client.GetAsync("/health/ready")).StatusCode);
        var filed = await api.PostFilingAsync(entity, Filing("FY", "2013-05-14", Revenue(1_100_000m)));
        Assert.Equal(2, (await filed.Content.ReadFromJsonAsync<FilingResult>(LedgerApi.Json))!.LineItems.Single().Version);
    }

    private Task<string?> LogAsync() => Operator.TextAsync(
        $"select string_agg(concat_ws('#', line_item_id, version, stream_id, stream_version), ',' order by line_item_id, version) from {LineItemLog.LogTable}");
}
