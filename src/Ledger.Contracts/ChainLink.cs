namespace Ledger.Contracts;

/// <summary>
/// A link of the ledger's hash chain: the global position of an event and the SHA-256 (64 hex digits) of the log
/// through it. An auditor who keeps one can later ask the ledger to show that the log up to that position is unchanged.
/// </summary>
public sealed record ChainLink(long Position, string Hash);
