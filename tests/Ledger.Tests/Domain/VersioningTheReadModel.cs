using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Tests.Infrastructure;
using Ledger.Projections.LineItemVersions;

namespace Ledger.Tests.Domain;

/// <summary>What a new version of the line-item versions model may change: only the fields it declares as added.</summary>
public sealed class VersioningTheReadModel
{
    private static readonly LineItemVersionRow Row = new()
    {
        Id = "IIJ|Revenues|2012-04-01/2012-12-31|actual|#1", LineItemId = "IIJ|Revenues|2012-04-01/2012-12-31|actual|", Entity = "IIJ",
        Concept = "Revenues", Period = "2012-04-01/2012-12-31", Dimensions = [], DimensionsKey = "", Nature = "actual", Version = 1,
        KnownFrom = new DateTimeOffset(2013, 2, 8, 0, 0, 0, TimeSpan.Zero), RecordedFrom = new DateTimeOffset(2026, 11, 27, 7, 0, 0, TimeSpan.Zero),
        Value = 76_690_090_000m, Unit = "JPY", Decimals = -3, Source = "Consolidated statements of income: Total revenues", Cause = "reported",
        CausedBy = "IIJ-2013-02-08-3Q-FY2012", VersionRecordedAt = new DateTimeOffset(2026, 11, 27, 7, 0, 0, TimeSpan.Zero),
    };

    private static JsonObject Stored(object row) => JsonSerializer.SerializeToNode(row, row.GetType(), LedgerApi.Json)!.AsObject();

    [Fact]
    public void A_version_2_row_is_its_version_1_row_plus_the_filing_title_and_nothing_else()
    {
        var v2 = Stored(new LineItemVersionRowGeneration2(Row, "IIJ Announces Nine Months Financial Results"));

        Assert.Equal("IIJ Announces Nine Months Financial Results", v2["filingTitle"]!.GetValue<string>());
        foreach (var added in LineItemVersionRowGeneration2.AddedFields) v2.Remove(added);
        Assert.True(JsonNode.DeepEquals(Stored(Row), v2), $"{Stored(Row)} vs {v2}");
    }

    [Fact]
    public void Each_version_has_its_own_table_and_shard_so_one_can_be_rebuilt_while_the_other_answers() =>
        Assert.Equal(
            [(1, "line-item-versions", "ledger.mt_doc_line_item_versions", false), (2, "line-item-versions-v2", "ledger.mt_doc_line_item_versions_v2", false),
                (3, "line-item-versions-v3", "ledger.line_item_versions_v3", true)],
            LineItemVersionsModel.Generations.Select(v => (v.Number, v.ShardName, v.Table, v.Inline)));
}
