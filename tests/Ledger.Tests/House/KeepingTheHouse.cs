using System.Reflection;
using System.Text.RegularExpressions;
using Ledger.Domain.Values;
using Ledger.Tests.Infrastructure;

namespace Ledger.Tests.House;

/// <summary>The rules of the house that a compiler does not check: one table of codes, and folders that depend one way.</summary>
public sealed partial class KeepingTheHouse
{
    private static readonly IReadOnlyList<string> Codes = typeof(RejectionCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    [Fact]
    public void The_readme_error_table_lists_exactly_the_rejection_codes()
    {
        // Given the README's error table
        var readme = SourceTree.Read("README.md");
        var section = readme[readme.IndexOf("| code | status | meaning |", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n\n", StringComparison.Ordinal)];

        // When its first column is read
        var documented = TableCode().Matches(section).Select(m => m.Groups[1].Value).ToHashSet();

        // Then it names every code RejectionCodes defines, and no other
        Assert.Equal(Codes.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_code_has_one_name_and_none_is_written_as_a_literal_elsewhere_in_src()
    {
        Assert.Equal(Codes.Count, Codes.Distinct().Count());
        var literals = SourceTree.CSharpFiles("src")
            .Where(f => !f.Path.EndsWith("Values/RejectionCodes.cs", StringComparison.Ordinal))
            .SelectMany(f => Codes.Where(c => f.Text.Contains($"\"{c}\"", StringComparison.Ordinal)).Select(c => $"{f.Path}: \"{c}\""))
            .ToList();
        Assert.Empty(literals);
    }

    [Fact]
    public void The_api_folders_depend_one_way_and_only_the_host_knows_the_host()
    {
        // Given which folders of Ledger.Api each folder imports
        var imports = SourceTree.CSharpFiles("src/Ledger.Api")
            .Where(f => f.Path.Contains('/'))
            .GroupBy(f => f.Path[..f.Path.IndexOf('/')])
            .ToDictionary(g => g.Key, g => g.SelectMany(f => ApiImport().Matches(f.Text).Select(m => m.Groups[1].Value))
                .Where(folder => folder != g.Key).ToHashSet());

        // Then nothing but the composition root imports Hosting, the leaves import no other folder,
        Assert.Empty(imports.Where(i => i.Key != "Hosting" && i.Value.Contains("Hosting")).Select(i => i.Key));
        Assert.Empty(imports["Reading"]);
        Assert.Empty(imports["Http"]);
        // and no folder reaches itself through others.
        Assert.Empty(imports.Keys.Where(folder => Reaches(imports, folder, folder, [])));
    }

    private static bool Reaches(Dictionary<string, HashSet<string>> imports, string from, string target, HashSet<string> seen) =>
        imports.GetValueOrDefault(from, []).Any(next => next == target || (seen.Add(next) && Reaches(imports, next, target, seen)));

    [GeneratedRegex(@"^\| `([a-z_]+)`", RegexOptions.Multiline)]
    private static partial Regex TableCode();

    [GeneratedRegex(@"(?:using |\b)Ledger\.Api\.([A-Za-z]+)\b")]
    private static partial Regex ApiImport();
}
