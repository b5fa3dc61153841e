using System.Net.Http.Headers;
using Ledger.Api.Access;

namespace Ledger.Tests.Infrastructure;

/// <summary>
/// The bearer tokens of this test run: a signing key made per run, which every API the tests start is configured
/// to trust, and tokens minted with it. The shared clients carry a token with every role, so a test that is not
/// about access reaches every route.
/// </summary>
public static class TestTokens
{
    private static readonly string Key = AccessTokens.NewKey();
    private static readonly AccessTokens Issuer = AccessTokens.Local(Key);

    /// <summary>What makes a service trust this run's key, as environment variables.</summary>
    public static IReadOnlyDictionary<string, string> ServiceSettings { get; } = AccessTokens.LocalSettings(Key);

    public static string WithRoles(params string[] roles) => Issuer.Mint("test-client", roles, DateTime.UtcNow.AddHours(2));

    public static string Expired(params string[] roles) =>
        Issuer.Mint("test-client", roles, DateTime.UtcNow.AddMinutes(-10), notBefore: DateTime.UtcNow.AddHours(-1));

    /// <summary>A token that names this run's issuer and audience but is signed with another key.</summary>
    public static string BadlySigned(params string[] roles) =>
        AccessTokens.Local(AccessTokens.NewKey()).Mint("test-client", roles, DateTime.UtcNow.AddHours(2));

    public static string Subject(string subject, params string[] roles) => Issuer.Mint(subject, roles, DateTime.UtcNow.AddHours(2));

    public static readonly string EveryRole = WithRoles([.. Roles.All]);

    public static void Authorize(HttpClient client, string? token) =>
        client.DefaultRequestHeaders.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
}
