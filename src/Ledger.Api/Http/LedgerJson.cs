using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ledger.Api.Http;

/// <summary>One JSON dialect for every answer: camelCase names, enums as their lower-case names, decimals as exact numbers.</summary>
public static class LedgerJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        // {"value": 1, "value": 2} is a mistake (which one was meant?), not "the last one wins".
        options.AllowDuplicateProperties = false;
    }
}
