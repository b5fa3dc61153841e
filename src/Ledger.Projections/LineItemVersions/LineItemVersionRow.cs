using System.Diagnostics.CodeAnalysis;
using Ledger.Domain.LineItems;

namespace Ledger.Projections.LineItemVersions;

/// <summary>
/// One row of the line-item versions read model: a version of a line item, the known-time interval in which
/// it is the line's value, and the recorded-time interval in which the ledger would have said so.
/// An as-of question is one index range lookup on (entity, period, known_from) filtered by both intervals.
/// </summary>
public record LineItemVersionRow
{
    /// <summary>Stable: line item, version, known_from and recorded_from never change for a row; only the upper bounds close.</summary>
    public required string Id { get; init; }

    public required string LineItemId { get; init; }
    public required string Entity { get; init; }
    public required string Concept { get; init; }
    public required string Period { get; init; }
    public required Dictionary<string, string> Dimensions { get; init; }
    public required string DimensionsKey { get; init; }
    public required string Nature { get; init; }

    public required int Version { get; init; }
    public required DateTimeOffset KnownFrom { get; init; }
    public DateTimeOffset? KnownTo { get; init; }
    public required DateTimeOffset RecordedFrom { get; init; }
    public DateTimeOffset? RecordedTo { get; init; }

    public required decimal Value { get; init; }
    public required string Unit { get; init; }
    public required int Decimals { get; init; }
    public DateOnly? ShareBasisDate { get; init; }
    public required string Source { get; init; }
    public string? Note { get; init; }
    public string? DerivedFrom { get; init; }
    public ValueRange? Range { get; init; }

    /// <summary>reported, restated, revised…: why this version exists.</summary>
    public required string Cause { get; init; }
    /// <summary>The filing, revision or split that caused it.</summary>
    public required string CausedBy { get; init; }
    public string? Reason { get; init; }
    public int? Supersedes { get; init; }

    /// <summary>
    /// When the version itself was appended. (Not its global position: inline, Marten assigns that in the database
    /// after the projection has run, so a row holding it would differ between the live run and a rebuild.)
    /// </summary>
    public required DateTimeOffset VersionRecordedAt { get; init; }
}

/// <summary>
/// Version 2 of the read model: every row also names the document its value came from, so a compliance reader sees
/// "FY2012 Q3 results" beside a figure without a second lookup. Built beside version 1 by the async daemon.
/// </summary>
public sealed record LineItemVersionRowV2 : LineItemVersionRow
{
    /// <summary>The fields version 2 adds: the only differences from version 1 that a checked switch accepts.</summary>
    public static readonly IReadOnlyList<string> AddedFields = ["filingTitle"];

    [SetsRequiredMembers]
    public LineItemVersionRowV2(LineItemVersionRow row, string? filingTitle) : base(row) => FilingTitle = filingTitle;

    /// <summary>Deserialization.</summary>
    public LineItemVersionRowV2()
    {
    }

    /// <summary>The title of the filing that reported or restated this version; null when a revision, split or reclassification caused it.</summary>
    public string? FilingTitle { get; init; }
}
