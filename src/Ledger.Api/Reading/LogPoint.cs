using Ledger.Contracts;

namespace Ledger.Api.Reading;

/// <summary>
/// Where the log stood when a question was read. <paramref name="OpenSince"/> is the start of the oldest other
/// transaction still open. An event's recorded time is taken by the writing process just before its transaction
/// starts, so an event not yet visible was recorded no earlier than <see cref="Grace"/> before the start of an open
/// transaction, or before <paramref name="Now"/> if its transaction had not started. <paramref name="Chain"/> is the
/// hash chain's head as stored then (at or a little behind <paramref name="Position"/>: the chain is written behind the log).
/// </summary>
public sealed record LogPoint(long Position, long ShardPosition, DateTimeOffset? OpenSince, DateTimeOffset Now, ChainLink? Chain = null)
{
    /// <summary>
    /// The most a recorded time may precede its transaction's start: the writer's step from stamping its events to
    /// opening the transaction (milliseconds, measured), plus clock skew between the nodes and the database.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    public DateTimeOffset SettledBefore => (OpenSince is { } open && open < Now ? open : Now) - Grace;
}
