using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ledger.Api.Access;

/// <summary>
/// Local tokens, signed with a symmetric key the service is configured to trust: for development (./run.sh writes
/// one per role), tests and benchmarks. Production tokens come from the identity provider named by the Authority.
/// </summary>
public sealed class AccessTokens(string issuer, string audience, SecurityKey key)
{
    public const string LocalIssuer = "ledger-local";
    public const string LocalAudience = "ledger";

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>A local issuer trusting <paramref name="base64Key"/>, and the configuration that makes the service trust it too.</summary>
    public static AccessTokens Local(string base64Key) =>
        new(LocalIssuer, LocalAudience, new SymmetricSecurityKey(Convert.FromBase64String(base64Key)));

    /// <summary>The <c>Authentication:Schemes:Bearer</c> settings, as environment variables, that trust a local key.</summary>
    public static IReadOnlyDictionary<string, string> LocalSettings(string base64Key) => new Dictionary<string, string>
    {
        ["Authentication__Schemes__Bearer__ValidIssuer"] = LocalIssuer,
        ["Authentication__Schemes__Bearer__ValidAudience"] = LocalAudience,
        ["Authentication__Schemes__Bearer__SigningKeys__0__Issuer"] = LocalIssuer,
        ["Authentication__Schemes__Bearer__SigningKeys__0__Value"] = base64Key,
    };

    public string Mint(string subject, IEnumerable<string> roles, DateTime expires, DateTime? notBefore = null)
    {
        var claims = new ClaimsIdentity([new Claim("sub", subject), .. roles.Select(role => new Claim("role", role))]);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = claims,
            IssuedAt = notBefore ?? expires.AddDays(-30),
            NotBefore = notBefore ?? expires.AddDays(-30),
            Expires = expires,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
