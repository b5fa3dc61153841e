using Ledger.Projections.LineItemVersions;

namespace Ledger.Tests.Infrastructure;

/// <summary>
/// The settings every service the suite starts runs with, unless a test says otherwise: this run's signing key, and both
/// standby generations of the line-item versions model kept, since many tests switch between generations. A service
/// keeps none by default; <c>KeepingStandbyGenerations</c> tests that default.
/// </summary>
public static class SuiteSettings
{
    public static readonly string StandbysVariable = KeptGenerations.SettingKey.Replace(":", "__", StringComparison.Ordinal);

    public static IReadOnlyDictionary<string, string> Service { get; } =
        new Dictionary<string, string>(TestTokens.ServiceSettings) { [StandbysVariable] = "1,2" };

    /// <summary>Applies them (with <paramref name="standbys"/> kept) to hosts built in this process from now on.</summary>
    public static void ApplyInThisProcess(string standbys)
    {
        foreach (var (name, value) in Service) Environment.SetEnvironmentVariable(name, value);
        Environment.SetEnvironmentVariable(StandbysVariable, standbys);
    }
}
