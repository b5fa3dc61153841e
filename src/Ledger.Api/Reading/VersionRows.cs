using Ledger.Projections.LineItemVersions;

namespace Ledger.Api.Reading;

/// <summary>Rows in force at a reading point, with the log position and the generation of the versions model they were read from.</summary>
public sealed record VersionRows(IReadOnlyList<LineItemVersionRow> Rows, long Position, int Generation);
