using System.Diagnostics;
using System.Text;
using Ledger.Api.Filings;
using Ledger.Domain.Filings;
using Ledger.Domain.ShareBasis;
using Ledger.Domain.Values;
using Marten;
using Marten.Services;
using Npgsql;

namespace Ledger.Benchmarks;

/// <summary>
/// Where one filing's append goes (<c>--profile-append</c>): filings of 200 facts recorded one after another through the
/// write path, each step timed in process, every statement Marten sends counted by kind, and (when the server has
/// pg_stat_statements loaded) the server's time per statement kind. One writer and no daemon, so the figures are the
/// write path's own, not the machine's contention.
/// </summary>
public static class AppendProfile
{
    public static async Task<string> RunAsync(IDocumentStore store, SyntheticLedger ledger, NpgsqlDataSource raw, int filings)
    {
        var statements = new StatementCounter();
        var steps = new Dictionary<string, double> { ["check"] = 0, ["load"] = 0, ["decide"] = 0, ["save"] = 0 };
        var hasStatements = await ResetStatementsAsync(raw);
        // Two warm-up filings of another entity, so that the first measured one does not pay for compilation.
        for (var q = 0; q < 2; q++) await FilingWrite.RecordAsync(store, ledger.Entity(9_999), ledger.Filing(9_999, q), "profile", CancellationToken.None);
        if (hasStatements) await ResetStatementsAsync(raw);
        var facts = 0;
        var total = Stopwatch.StartNew();
        for (var q = 0; q < filings; q++)
        {
            var started = Stopwatch.GetTimestamp();
            var command = ledger.Filing(0, q).Check(ledger.Entity(0), new Rejections())!;
            Step(steps, "check", ref started);
            await using var session = store.LightweightSession();
            session.Logger = statements;
            var write = await FilingWrite.LoadAsync(session, command, CancellationToken.None);
            Step(steps, "load", ref started);
            var decision = (FilingDecision.Append)write.Decide(command);
            Step(steps, "decide", ref started);
            write.Append(session, decision);
            await session.SaveChangesAsync();
            Step(steps, "save", ref started);
            facts += command.Facts.Count;
        }
        var seconds = total.Elapsed.TotalSeconds;
        var report = new StringBuilder()
            .AppendLine($"{filings} filings, {facts:N0} facts, one writer: {facts / seconds:N0} facts/s, {seconds * 1000 / filings:F1} ms a filing")
            .AppendLine()
            .AppendLine("| step | ms a filing | share |")
            .AppendLine("| --- | --- | --- |");
        foreach (var (step, ms) in steps) report.AppendLine($"| {step} | {ms / filings:F2} | {ms / 1000 / seconds * 100:F0} % |");
        report.AppendLine().AppendLine($"Round trips a filing: {statements.RoundTrips / (double)filings:F1}; statements a filing, by kind:").AppendLine()
            .AppendLine("| statement | a filing |").AppendLine("| --- | --- |");
        foreach (var (kind, count) in statements.ByKind.OrderByDescending(k => k.Value)) report.AppendLine($"| {kind} | {count / (double)filings:F1} |");
        if (hasStatements) report.AppendLine().Append(await ServerTimeAsync(raw, filings));
        return report.ToString();
    }

    private static void Step(Dictionary<string, double> steps, string step, ref long started)
    {
        steps[step] += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        started = Stopwatch.GetTimestamp();
    }

    private static async Task<bool> ResetStatementsAsync(NpgsqlDataSource raw)
    {
        try
        {
            await using var command = raw.CreateCommand("create extension if not exists pg_stat_statements; select pg_stat_statements_reset()");
            await command.ExecuteNonQueryAsync();
            return true;
        }
        catch (PostgresException)
        {
            return false;
        }
    }

    private static async Task<string> ServerTimeAsync(NpgsqlDataSource raw, int filings)
    {
        var report = new StringBuilder("Server time a filing (pg_stat_statements), top statements:\n\n| statement | calls a filing | ms a filing |\n| --- | --- | --- |\n");
        await using var command = raw.CreateCommand(
            "select left(regexp_replace(query, '\\s+', ' ', 'g'), 90), calls, total_exec_time from pg_stat_statements " +
            "where query not like '%pg_stat_statements%' order by total_exec_time desc limit 12");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            report.AppendLine($"| `{reader.GetString(0).Replace("|", "\\|")}` | {reader.GetInt64(1) / (double)filings:F1} | {reader.GetDouble(2) / filings:F2} |");
        return report.ToString();
    }

    /// <summary>Counts what Marten sends: each command or batch is one round trip; a batch's statements are counted by kind.</summary>
    private sealed class StatementCounter : IMartenSessionLogger
    {
        public int RoundTrips { get; private set; }
        public Dictionary<string, int> ByKind { get; } = new();

        public void OnBeforeExecute(NpgsqlCommand command)
        {
            RoundTrips++;
            Count(command.CommandText);
        }

        public void OnBeforeExecute(NpgsqlBatch batch)
        {
            RoundTrips++;
            foreach (var command in batch.BatchCommands) Count(command.CommandText);
        }

        private void Count(string sql)
        {
            foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var kind = Kind(statement);
                ByKind[kind] = ByKind.GetValueOrDefault(kind) + 1;
            }
        }

        private static string Kind(string statement)
        {
            var flat = string.Join(' ', statement.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
            if (flat.Contains("mt_quick_append_events")) return "quick append (one per stream)";
            if (flat.Contains("mt_upsert_")) return $"document upsert ({flat[(flat.IndexOf("mt_upsert_", StringComparison.Ordinal) + 10)..].Split('(')[0]})";
            if (flat.StartsWith("insert into", StringComparison.OrdinalIgnoreCase)) return $"insert into {flat.Split(' ')[2]}";
            if (flat.Contains("from ledger.mt_doc_", StringComparison.Ordinal)) return $"select documents ({flat[(flat.IndexOf("from ledger.mt_doc_", StringComparison.Ordinal) + 19)..].Split(' ')[0]})";
            if (flat.Contains("mt_events", StringComparison.Ordinal)) return "select events";
            return flat.Length > 50 ? flat[..50] : flat;
        }

        public void LogSuccess(NpgsqlCommand command) { }
        public void LogFailure(NpgsqlCommand command, Exception ex) { }
        public void LogSuccess(NpgsqlBatch batch) { }
        public void LogFailure(NpgsqlBatch batch, Exception ex) { }
        public void LogFailure(Exception ex, string message) { }
        public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) { }
    }
}
