using Ledger.Domain.LineItems;
using Ledger.Domain.Values;

namespace Ledger.Domain.Filings;

/// <summary>A filing as a caller sends it (the body of <c>POST /api/entities/{entity}/filings</c>).</summary>
public sealed record FilingInput(string? FilingId = null, string? Title = null, string? KnownFrom = null, List<FactInput>? Facts = null)
{
    public const int MaxFacts = 5_000;

    /// <summary>Checks the whole filing, naming every bad field; returns the typed command only when nothing is wrong.</summary>
    public RecordFiling? Check(string entity, Rejections rejections)
    {
        FactRules.CheckEntity(entity, rejections);
        FactRules.CheckCallerId("filingId", FilingId, rejections);
        if (string.IsNullOrWhiteSpace(Title))
            rejections.Add("title", RejectionCodes.Required, "title is required: the published document's title.");
        var knownFrom = FactRules.CheckKnownFrom(KnownFrom, rejections);

        if (Facts is null || Facts.Count == 0)
            rejections.Add("facts", RejectionCodes.Required, "facts is required: at least one line item.");
        else if (Facts.Count > MaxFacts)
            rejections.Add("facts", RejectionCodes.TooManyFacts, $"a filing holds at most {MaxFacts} facts.");

        var facts = CheckFacts(entity, knownFrom, rejections);
        return rejections.Any ? null : new RecordFiling(entity, FilingId!, Title!.Trim(), knownFrom, facts);
    }

    private List<ReportedFact> CheckFacts(string entity, DateTimeOffset knownFrom, Rejections rejections)
    {
        var facts = new List<ReportedFact>();
        var firstIndexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < (Facts?.Count ?? 0); i++)
        {
            var fact = FactRules.Parse(entity, Facts![i] ?? new FactInput(), knownFrom, $"facts[{i}]", rejections);
            if (fact is null) continue;
            if (!firstIndexOf.TryAdd(fact.Line.Id, i))
            {
                rejections.Add($"facts[{i}]", RejectionCodes.DuplicateLineItem,
                    $"the same line item appears twice in one filing (facts[{firstIndexOf[fact.Line.Id]}] and facts[{i}]).");
                continue;
            }
            facts.Add(fact);
        }
        return facts;
    }
}
