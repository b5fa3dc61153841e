using Ledger.Domain.ShareBasis;
using Ledger.Contracts;
using Ledger.Projections.LineItemVersions;

namespace Ledger.Api.Reading;

/// <summary>
/// Rows in force at a reading point, with the entity's share basis, the log position and the generation of the versions model they were read
/// from, the recorded time before which nothing can still be appended (<see cref="LogPoint.SettledBefore"/>) and the hash chain's head.
/// </summary>
public sealed record VersionRows(
    IReadOnlyList<LineItemVersionRow> Rows, ShareBasisHistory? ShareBasis, long Position, int Generation, DateTimeOffset SettledBefore,
    ChainLink? Chain = null)
{
    /// <summary>True when no later append can change what was read at this recorded time: the answer is final.</summary>
    public bool Settled(ReadingPoint point) => point.RecordedAsOf < SettledBefore;
}
