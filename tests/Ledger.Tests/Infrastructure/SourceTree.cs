namespace Ledger.Tests.Infrastructure;

/// <summary>The repository the tests were built from: its README and source files, read as text.</summary>
public static class SourceTree
{
    public static DirectoryInfo Root { get; } = FindRoot();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root.FullName, relativePath));

    /// <summary>The C# files below a folder of the repository, as paths relative to that folder.</summary>
    public static IEnumerable<(string Path, string Text)> CSharpFiles(string relativeFolder)
    {
        var folder = Path.Combine(Root.FullName, relativeFolder);
        return Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllText(f)));
    }

    private static DirectoryInfo FindRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Ledger.sln"))) root = root.Parent;
        return root ?? throw new InvalidOperationException("Ledger.sln not found above the test binaries");
    }
}
