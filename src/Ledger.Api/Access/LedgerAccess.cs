using Ledger.Domain.Values;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Microsoft.OpenApi;

namespace Ledger.Api.Access;

/// <summary>
/// Who may: JWT bearer tokens validated by ASP.NET Core's own handler, configured from
/// <c>Authentication:Schemes:Bearer</c> (an OIDC <c>Authority</c> and <c>ValidAudience</c> in production;
/// <c>ValidIssuer</c>, <c>ValidAudience</c> and <c>SigningKeys</c> locally), and one policy that applies
/// <see cref="Roles.RequiredFor"/> to every route that does not explicitly allow anonymous callers.
/// </summary>
public static class LedgerAccess
{
    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>The claim carrying roles; an identity provider that names it differently sets this key.</summary>
    public const string RoleClaimTypeKey = "Authentication:Schemes:Bearer:RoleClaimType";

    public static IServiceCollection AddLedgerAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication(Scheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(Scheme)
            .PostConfigure(options => Complete(options, configuration[RoleClaimTypeKey] ?? "role"))
            .Validate(options => options.Authority is not null || options.TokenValidationParameters.IssuerSigningKeys?.Any() == true,
                "No token issuer is configured: set Authentication:Schemes:Bearer:Authority and ValidAudience " +
                "(or ValidIssuer, ValidAudience and SigningKeys for local use), or start the service with ./run.sh.")
            .ValidateOnStart();

        var routeRole = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new RouteRoleRequirement()).Build();
        services.AddAuthorizationBuilder()
            // Deny by default: every endpoint without its own policy, including those added later, gets this one;
            // a bare [Authorize] gets it too. Only an explicit AllowAnonymous (health) opts out.
            .SetFallbackPolicy(routeRole)
            .SetDefaultPolicy(routeRole);
        services.AddSingleton<IAuthorizationHandler, RouteRoleRequirement>();
        services.ConfigureAll<OpenApiOptions>(options => options.AddDocumentTransformer(DeclareBearerScheme));
        return services;
    }

    public static WebApplication UseLedgerAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    private static void Complete(JwtBearerOptions options, string roleClaimType)
    {
        // Claims keep the names the token gives them ("sub", "role"), not WS-Federation URIs.
        options.MapInboundClaims = false;
        var parameters = options.TokenValidationParameters;
        parameters.NameClaimType = "sub";
        parameters.RoleClaimType = roleClaimType;
        // The configured keys are an enumerable that re-reads configuration each time a token is validated.
        parameters.IssuerSigningKeys = parameters.IssuerSigningKeys?.ToList();
        options.Events = new JwtBearerEvents { OnChallenge = ChallengeAsync, OnForbidden = ForbiddenAsync };
    }

    /// <summary>401: no token, a token whose signature, issuer or audience is wrong, or an expired one.</summary>
    private static async Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var (code, detail) = context.AuthenticateFailure switch
        {
            null => (RejectionCodes.TokenMissing, "This route needs a bearer token (Authorization: Bearer …)."),
            SecurityTokenExpiredException => (RejectionCodes.TokenExpired, "The bearer token has expired."),
            _ => (RejectionCodes.TokenInvalid, "The bearer token is not valid here: its signature, issuer or audience is not the one this ledger trusts."),
        };
        context.Response.Headers.WWWAuthenticate = code == RejectionCodes.TokenMissing ? "Bearer" : "Bearer error=\"invalid_token\"";
        await Problem(StatusCodes.Status401Unauthorized, code, "Not authenticated; nothing was recorded.", detail).ExecuteAsync(context.HttpContext);
    }

    /// <summary>403: a valid token without the role the route needs.</summary>
    private static Task ForbiddenAsync(ForbiddenContext context)
    {
        var role = Roles.RequiredFor(context.Request.Method, context.Request.Path);
        var detail = role is null ? "No role may make this request." : $"This route needs the '{role}' role, which the bearer token does not carry.";
        return Problem(StatusCodes.Status403Forbidden, RejectionCodes.RoleMissing, "Not allowed; nothing was recorded.", detail)
            .ExecuteAsync(context.HttpContext);
    }

    private static IResult Problem(int status, string code, string title, string detail) => Results.Problem(
        type: $"urn:ledger:problem:{code}", title: title, detail: detail, statusCode: status,
        extensions: new Dictionary<string, object?> { ["code"] = code });

    /// <summary>The OpenAPI document says every operation takes a JWT bearer token.</summary>
    private static Task DeclareBearerScheme(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellation)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT whose 'role' claims name reader (GET), writer (POST under /api/entities) or operator (/api/admin).",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, document)] = [] });
        return Task.CompletedTask;
    }
}
