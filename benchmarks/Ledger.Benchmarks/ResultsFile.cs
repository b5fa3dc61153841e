namespace Ledger.Benchmarks;

/// <summary>
/// The results file holds one section per ledger size (<c>## 1,000,000 line-item versions</c>), so that runs at
/// different sizes stand side by side: a run replaces the section of its own size and keeps every other section,
/// other sizes and hand-written findings alike.
/// </summary>
public static class ResultsFile
{
    private const string SizeSuffix = "line-item versions";

    public static async Task WriteAsync(string path, string title, long versions, string section)
    {
        var heading = $"## {versions:N0} {SizeSuffix}";
        var sections = File.Exists(path) ? Sections(await File.ReadAllLinesAsync(path)) : [];
        var body = $"{heading}\n\n{section.TrimEnd()}\n";
        var index = sections.FindIndex(s => s.Heading == heading);
        if (index >= 0) sections[index] = (heading, body);
        else sections.Insert(sections.FindLastIndex(s => s.Heading.EndsWith(SizeSuffix)) + 1, (heading, body));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, $"# {title}\n\n" + string.Join("\n", sections.Select(s => s.Body.TrimEnd() + "\n")));
    }

    /// <summary>The file's <c>##</c> sections, each with its text; what precedes the first one is the title, rewritten.</summary>
    private static List<(string Heading, string Body)> Sections(string[] lines)
    {
        var sections = new List<(string Heading, string Body)>();
        foreach (var line in lines)
        {
            if (line.StartsWith("## ")) sections.Add((line, ""));
            if (sections.Count > 0) sections[^1] = (sections[^1].Heading, sections[^1].Body + line + "\n");
        }
        return sections;
    }
}
