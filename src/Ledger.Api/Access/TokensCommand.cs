using JasperFx.CommandLine;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Ledger.Api.Access;

public sealed class TokensInput : NetCoreInput
{
    [Description("Folder to write one token file per role into")]
    public string FolderFlag { get; set; } = Path.Combine(".ledger", "tokens");

    [Description("Days the tokens stay valid")]
    public int DaysFlag { get; set; } = 7;
}

/// <summary>
/// <c>tokens</c>: development tokens, one file per role, signed with the local key the service is configured to
/// trust (<c>Authentication:Schemes:Bearer:SigningKeys</c>). Refuses when the service trusts no local key.
/// </summary>
[Description("Writes one development bearer token per role (reader, writer, operator), signed with the configured local key", Name = "tokens")]
public sealed class TokensCommand : JasperFxCommand<TokensInput>
{
    public override bool Execute(TokensInput input)
    {
        using var host = input.BuildHost();
        var parameters = host.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(LedgerAccess.Scheme).TokenValidationParameters;
        var key = parameters.IssuerSigningKeys?.FirstOrDefault();
        if (key is null || parameters.ValidIssuer is null || parameters.ValidAudience is null)
        {
            Console.Error.WriteLine("No local signing key: set Authentication:Schemes:Bearer:ValidIssuer, ValidAudience and SigningKeys.");
            return false;
        }

        var tokens = new AccessTokens(parameters.ValidIssuer, parameters.ValidAudience, key);
        var expires = DateTime.UtcNow.AddDays(input.DaysFlag);
        Directory.CreateDirectory(input.FolderFlag);
        foreach (var role in Roles.All)
        {
            var file = Path.Combine(input.FolderFlag, role);
            File.WriteAllText(file, tokens.Mint($"local-{role}", [role], expires));
            Console.WriteLine($"{role}: {file} (subject local-{role}, valid until {expires:yyyy-MM-dd HH:mm} UTC)");
        }
        return true;
    }
}
