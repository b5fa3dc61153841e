using Ledger.Domain.LineItems;
using Ledger.Domain.Revisions;
using Ledger.Domain.Values;
using Marten;
using Marten.Services;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ledger.Tests.Infrastructure;

/// <summary>
/// A writer that has appended a revision of an entity's operating income (as <see cref="Scenarios.OperatingIncome"/>
/// reported it), and so taken its event sequence number, but not committed: a gap in the log until it commits or rolls back.
/// </summary>
public sealed class HeldRevision(NpgsqlConnection connection, NpgsqlTransaction transaction, long position) : IAsyncDisposable
{
    public NpgsqlTransaction Transaction => transaction;
    public long Position => position;

    public static async Task<HeldRevision> HoldAsync(LedgerApi api, string entity)
    {
        var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        var line = new LineItemIdentity(entity, "OperatingIncomeLoss", "2012-04-01/2012-12-31", Dimensions.None, Nature.Actual);
        var previous = new Figure(100_000m, "JPY", -3, null, "Income statement: Operating income");
        var revised = new LineItemRevised(line.Id, line, previous with { Value = 90_000m }, "R-HELD", KnownTime.StartOf(new DateOnly(2013, 3, 1)),
            "held open", 1, previous, Version: 2);
        await using (var session = api.Services.GetRequiredService<IDocumentStore>().LightweightSession(SessionOptions.ForTransaction(transaction)))
        {
            session.Events.StartStream(Stream(entity), revised);
            await session.SaveChangesAsync();
        }
        await using var sequence = new NpgsqlCommand("select max(seq_id) from ledger.mt_events where stream_id = @id", connection, transaction);
        sequence.Parameters.AddWithValue("id", Stream(entity));
        return new HeldRevision(connection, transaction, (long)(await sequence.ExecuteScalarAsync())!);
    }

    private static string Stream(string entity) => RevisionStream.Key(entity, "R-HELD");

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
