using Ledger.Domain.LineItems;
using Ledger.Domain.ShareBasis;
using Ledger.Domain.Values;

namespace Ledger.Domain.Filings;

/// <summary>A filing as a caller sends it (the body of <c>POST /api/entities/{entity}/filings</c>).</summary>
public sealed record FilingInput(string? FilingId = null, string? Title = null, string? KnownFrom = null, List<FactInput>? Facts = null)
{
    public const int MaxFacts = 5_000;

    /// <summary>Checks the whole filing, naming every bad field; returns the typed command only when nothing is wrong.</summary>
    public RecordFiling? Check(string entity, Rejections rejections, ShareBasisPolicy? policy = null)
    {
        FactRules.CheckEntity(entity, rejections);
        FactRules.CheckCallerId("filingId", FilingId, rejections);
        if (string.IsNullOrWhiteSpace(Title))
            rejections.Add("title", RejectionCodes.Required, "title is required: the published document's title.");
        Limits.CheckText("title", Title, Limits.TitleLength, rejections);
        var knownFrom = FactRules.CheckKnownFrom(KnownFrom, rejections);

        if (Facts is null || Facts.Count == 0)
            rejections.Add("facts", RejectionCodes.Required, "facts is required: at least one line item.");
        else if (Facts.Count > MaxFacts)
            rejections.Add("facts", RejectionCodes.TooManyFacts, $"a filing holds at most {MaxFacts} facts; this one has {Facts.Count}.");

        // Past the limit the facts are not read: the answer names the limit, not thousands of fields.
        var (facts, publications) = Facts is { Count: > MaxFacts } ? ([], []) : CheckFacts(entity, knownFrom, rejections, policy);
        return rejections.Any ? null : new RecordFiling(entity, FilingId!, Title!.Trim(), knownFrom, facts, publications);
    }

    /// <summary>
    /// The facts, one per line item, and the other publications: a document may print the same figure in several
    /// tables at different precisions (a summary in JPY millions, the statement in thousands). The most precise
    /// is the line item's figure; the others are kept as publications of their own. The same line item twice at
    /// the same precision is still a mistake.
    /// </summary>
    private (List<ReportedFact> Facts, List<ReportedFact> Publications) CheckFacts(string entity, DateTimeOffset knownFrom, Rejections rejections, ShareBasisPolicy? policy)
    {
        var count = Facts?.Count ?? 0;
        var facts = new List<ReportedFact>(count);
        var publications = new List<ReportedFact>();
        var firstIndexOf = new Dictionary<string, int>(count, StringComparer.Ordinal);
        var positionOf = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var fact = FactRules.Parse(entity, Facts![i] ?? new FactInput(), knownFrom, $"facts[{i}]", rejections, policy);
            if (fact is null) continue;
            if (!firstIndexOf.TryAdd(fact.Line.Id, i))
            {
                var kept = facts[positionOf[fact.Line.Id]];
                if (kept.Figure.Decimals == fact.Figure.Decimals || publications.Any(p => p.Line.Id == fact.Line.Id && p.Figure.Decimals == fact.Figure.Decimals))
                {
                    rejections.Add($"facts[{i}]", RejectionCodes.DuplicateLineItem,
                        $"the same line item appears twice at the same precision in one filing (facts[{firstIndexOf[fact.Line.Id]}] and facts[{i}]).");
                    continue;
                }
                if (fact.Figure.Decimals > kept.Figure.Decimals)
                {
                    facts[positionOf[fact.Line.Id]] = fact;
                    fact = kept;
                }
                publications.Add(fact);
                continue;
            }
            positionOf[fact.Line.Id] = facts.Count;
            facts.Add(fact);
        }
        return (facts, publications);
    }
}
