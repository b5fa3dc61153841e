using Ledger.Domain.Recording;

namespace Ledger.Domain.Revisions;

/// <summary>The record that a revision id was used, in the revision's own stream, so a retry gets the original answer.</summary>
public sealed record RevisionRecorded(string Entity, string RevisionId, string LineItemId, int Version, string ContentHash) : IRecordedCommand;

public static class RevisionStream
{
    public static string Key(string entity, string revisionId) => $"revision|{entity}|{revisionId}";
}
