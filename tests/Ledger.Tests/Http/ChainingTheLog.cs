using System.Net;
using Ledger.Api.Facts;
using Ledger.Api.Restatements;
using Ledger.Api.Trust;
using Ledger.Contracts;
using Ledger.Tests.Infrastructure;
using Npgsql;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Http;

/// <summary>
/// The hash chain over the event log: written behind the high-water mark in position order, recomputed by
/// <c>verify</c> and <c>GET /api/admin/integrity</c>, and checked against a digest kept outside the database. The tests
/// run on a database of their own, one at a time: no other test sees the log while one of these has tampered with it
/// (and not yet put it back), and <c>verify</c>, which reads the whole log, reads only what these tests wrote.
/// </summary>
public sealed class ChainingTheLog(ChainedLedgerApi api) : IClassFixture<ChainedLedgerApi>
{
    /// <summary>Longer than the daemon's stale-sequence threshold (3 s), after which it would stop waiting for a gap to fill.</summary>
    private static readonly TimeSpan HeldFor = TimeSpan.FromSeconds(4);

    /// <summary>Filings after the gap: Marten's daemon treats a stale gap differently once more than 32 sequence numbers lie beyond it.</summary>
    private const int MoreThanTheHighWaterMarkWaitsFor = 20;

    [Fact]
    public async Task Verify_names_the_one_event_changed_behind_the_triggers_and_a_digest_taken_before_no_longer_holds()
    {
        var entity = NewEntity();
        Assert.Equal(HttpStatusCode.Created, (await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(1_000_000m), OperatingIncome(100_000m)))).StatusCode);
        var end = await ChainedThroughLogEndAsync();
        var digestFile = Path.GetTempFileName();
        try
        {
            var export = await VerifyCommandAsync("--export-digest", digestFile);
            Assert.True(export.ExitCode == 0, export.Output);
            var digest = ChainDigest.FromJson(await File.ReadAllTextAsync(digestFile));
            Assert.Equal(end, digest.Position);
            Assert.Equal(TimeSpan.Zero, digest.TakenAt.Offset);
            var held = await VerifyCommandAsync("--digest", digestFile);
            Assert.True(held.ExitCode == 0, held.Output);

            // When one stored event's data is changed by a superuser who disables the trigger that refuses it.
            var tampered = end - 1;
            var storedHash = await StoredLinkAsync(tampered);
            await TamperAsync(tampered, "data || '{\"value\": 1}'::jsonb");
            try
            {
                // Then the endpoint and the command name that position, and the digest no longer holds.
                var report = await api.GetAsync<IntegrityReport>("/api/admin/integrity");
                Assert.False(report.Intact);
                Assert.Equal(tampered, report.FirstBroken!.Position);
                Assert.Equal(storedHash, report.FirstBroken.Stored);
                Assert.NotEqual(storedHash, report.FirstBroken.Expected);
                Assert.Equal(new ChainLink(end, digest.Hash), report.Head);

                var verify = await VerifyCommandAsync();
                Assert.NotEqual(0, verify.ExitCode);
                Assert.Contains($"\"position\": {tampered},", verify.Output);
                var checkedDigest = await VerifyCommandAsync("--digest", digestFile);
                Assert.NotEqual(0, checkedDigest.ExitCode);
                Assert.Contains("\"holds\": false", checkedDigest.Output);
                Assert.Equal(HttpStatusCode.Conflict, (await api.Client.GetAsync("/api/admin/integrity/digest")).StatusCode);
            }
            finally
            {
                await TamperAsync(tampered, "data - 'value'");
            }
            Assert.True((await api.GetAsync<IntegrityReport>("/api/admin/integrity")).Intact);
        }
        finally
        {
            File.Delete(digestFile);
        }
    }

    [Fact]
    public async Task An_event_committed_late_behind_a_gap_is_chained_in_position_order_and_nothing_is_chained_past_the_gap_before()
    {
        var entity = NewEntity();
        Assert.Equal(HttpStatusCode.Created, (await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(1_000_000m), OperatingIncome(100_000m)))).StatusCode);
        var start = await ChainedThroughLogEndAsync();

        long later;
        await using (var held = await HeldRevision.HoldAsync(api, entity))
        {
            Assert.Equal(HttpStatusCode.Created, (await api.PostRevisionAsync(entity, Revision("R-LATER", Revenue(1_100_000m), "2013-03-01", "error correction"))).StatusCode);
            // Forty events past the gap, held longer than the stale threshold: the chain still waits for it.
            for (var i = 0; i < MoreThanTheHighWaterMarkWaitsFor; i++)
                Assert.Equal(HttpStatusCode.Created, (await api.PostFilingAsync(NewEntity(), Filing("Q3", "2013-02-08", Revenue(1_000_000m)))).StatusCode);
            later = await ScalarAsync("select max(seq_id) from ledger.mt_events");
            await Task.Delay(HeldFor);

            Assert.True(held.Position < later);
            Assert.True(await ChainHeadAsync() < held.Position, "the chain passed a sequence number whose transaction is still open");

            await held.Transaction.CommitAsync();
        }

        await Eventually.GetAsync(ChainHeadAsync, head => head >= later, what: "the chain to reach the later event");
        var events = await PositionsAsync($"select seq_id from ledger.mt_events where seq_id > {start} order by seq_id");
        var links = await PositionsAsync($"select position from {EventChain.Table} where position > {start} order by position");
        Assert.Equal(events, links);
        Assert.Contains(links, p => p < later);
        var report = await api.GetAsync<IntegrityReport>("/api/admin/integrity");
        Assert.Null(report.FirstBroken);
        Assert.True(report.EventsChecked >= later - 1);
    }

    [Fact]
    public async Task Handed_a_page_past_an_open_gap_as_the_daemon_does_once_it_gives_up_the_chain_waits_and_passes_only_a_rolled_back_position()
    {
        var (entity, other) = (NewEntity(), NewEntity());
        Assert.Equal(HttpStatusCode.Created, (await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(1_000_000m), OperatingIncome(100_000m)))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostFilingAsync(other, Filing("Q3", "2013-02-08", Revenue(1_000_000m), OperatingIncome(100_000m)))).StatusCode);
        var start = await ChainedThroughLogEndAsync();
        await using var committed = await HeldRevision.HoldAsync(api, entity);
        await using var rolledBack = await HeldRevision.HoldAsync(api, other);
        Assert.Equal(HttpStatusCode.Created, (await api.PostFilingAsync(NewEntity(), Filing("Q3", "2013-02-08", Revenue(1_000_000m)))).StatusCode);
        var later = await ScalarAsync("select max(seq_id) from ledger.mt_events");

        // When the writer is handed a page through the later filing while both gaps are still open.
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        var next = EventChainWriter.NextLinksAsync(connection, later, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(next.IsCompleted, "the chain passed a position whose transaction is still open");
        await rolledBack.Transaction.RollbackAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(next.IsCompleted, "the chain passed a position whose transaction is still open");
        await committed.Transaction.CommitAsync();

        // Then it links every stored event through the page, the late one in its place, and skips only the rolled-back position.
        var (positions, _) = await next.WaitAsync(TimeSpan.FromSeconds(30));
        var events = await PositionsAsync($"select seq_id from ledger.mt_events where seq_id > {start} and seq_id <= {later} order by seq_id");
        Assert.Equal(events, positions);
        Assert.Contains(committed.Position, positions);
        Assert.DoesNotContain(rolledBack.Position, positions);
        Assert.True(committed.Position < rolledBack.Position && rolledBack.Position < later);
    }

    [Fact]
    public async Task Every_answer_carries_the_chain_head_and_every_restatement_the_link_at_its_own_position()
    {
        var entity = NewEntity();
        var start = await ChainedThroughLogEndAsync();
        Assert.Equal(HttpStatusCode.Created, (await api.PostFilingAsync(entity, Filing("Q3", "2013-02-08", Revenue(1_000_000m)))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostFilingAsync(entity, Filing("FY", "2013-05-10", Revenue(1_100_000m)))).StatusCode);
        var end = await ChainedThroughLogEndAsync();

        var answer = await api.GetAsync<FactsAnswer>($"/api/entities/{entity}/facts");
        var restatement = Assert.Single((await api.GetAsync<RestatementPage>($"/api/restatements?after={start}")).Restatements, r => r.Entity == entity);

        Assert.Equal(new ChainLink(end, await StoredLinkAsync(end)), answer.ComputedFrom.Chain);
        Assert.Equal(new ChainLink(restatement.Position, await StoredLinkAsync(restatement.Position)), restatement.Chain);
    }

    private async Task<long> ChainedThroughLogEndAsync()
    {
        var end = await ScalarAsync("select max(seq_id) from ledger.mt_events");
        await Eventually.GetAsync(ChainHeadAsync, head => head >= end, what: "the chain to reach the log's end");
        return end;
    }

    private Task<long> ChainHeadAsync() => ScalarAsync($"select coalesce(max(position), 0) from {EventChain.Table}");

    private Task<long> ScalarAsync(string sql) => new Operator(api.Client, api.ConnectionString).ScalarAsync(sql);

    private Task<(int ExitCode, string Output)> VerifyCommandAsync(params string[] options) =>
        ServiceProcess.CommandAsync(api.ConnectionString, null, ["verify", .. options]);

    private async Task<string> StoredLinkAsync(long position)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select hash from {EventChain.Table} where position = {position}", connection);
        return EventChain.Hex((byte[])(await command.ExecuteScalarAsync())!);
    }

    private async Task<List<long>> PositionsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var positions = new List<long>();
        while (await reader.ReadAsync()) positions.Add(reader.GetInt64(0));
        return positions;
    }

    /// <summary>As the superuser: the append-only trigger off, one event's data set, the trigger on again, in one transaction.</summary>
    private async Task TamperAsync(long position, string data)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await Execute("alter table ledger.mt_events disable trigger events_append_only");
        Assert.Equal(1, await Execute($"update ledger.mt_events set data = {data} where seq_id = {position}"));
        await Execute("alter table ledger.mt_events enable trigger events_append_only");
        await transaction.CommitAsync();

        async Task<int> Execute(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            return await command.ExecuteNonQueryAsync();
        }
    }

}

/// <summary>A ledger service on a database of its own, for the chain's tests.</summary>
public sealed class ChainedLedgerApi : LedgerApi;
