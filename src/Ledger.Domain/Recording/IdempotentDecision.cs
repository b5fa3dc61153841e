namespace Ledger.Domain.Recording;

/// <summary>A record of a command kept under the caller's id, with the hash of the content it was recorded with.</summary>
public interface IRecordedCommand
{
    string ContentHash { get; }
}

/// <summary>
/// The part every decision shares: a command sent again under an id already recorded is answered from the record
/// when its content is the same, and refused when it differs. Each decision adds the outcomes of its own.
/// </summary>
public abstract record IdempotentDecision<TRecord> where TRecord : IRecordedCommand
{
    /// <summary>The same command was recorded before with the same content: answer as the first time, append nothing.</summary>
    public sealed record AlreadyRecorded(TRecord Original) : IdempotentDecision<TRecord>;

    /// <summary>The id is taken by different content.</summary>
    public sealed record Conflict(TRecord Original) : IdempotentDecision<TRecord>;

    /// <summary>The answer to a command sent again, or null when its id is new and the decision goes on.</summary>
    public static IdempotentDecision<TRecord>? Retried(TRecord? existing, string contentHash) => existing switch
    {
        null => null,
        _ when existing.ContentHash == contentHash => new AlreadyRecorded(existing),
        _ => new Conflict(existing),
    };
}
