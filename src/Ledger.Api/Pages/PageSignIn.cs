using System.Security.Claims;
using Ledger.Api.Access;
using Ledger.Api.Pages.Components;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Ledger.Api.Pages;

/// <summary>
/// Sign-in by cookie for the pages, beside the API's bearer scheme. A person signs in with a token the bearer
/// scheme would accept (from the identity provider, or locally one of the development tokens ./run.sh writes); the
/// cookie then carries that token's subject and roles, and the same role policy as the API decides what they may read.
/// </summary>
public static class PageSignIn
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>Picks the scheme per request: a bearer token wins; a page, or a read with the pages' cookie, uses the cookie.</summary>
    public const string SelectingScheme = "BearerOrPageCookie";

    public const string CookieName = "ledger.pages";

    public static IServiceCollection AddPageSignIn(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddCookie(CookieScheme, options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                // Strict: no other site can make a signed-in browser send it, so the cookie never authorizes a forged request.
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.LoginPath = $"{PageLinks.Root}/sign-in";
                options.LogoutPath = $"{PageLinks.Root}/sign-out";
                options.AccessDeniedPath = $"{PageLinks.Root}/denied";
            })
            .AddPolicyScheme(SelectingScheme, "Bearer token or the pages' cookie", options => options.ForwardDefaultSelector = Select);
        // After the access configuration has named the bearer scheme the default, the selector takes its place.
        services.PostConfigure<AuthenticationOptions>(options =>
        {
            options.DefaultScheme = SelectingScheme;
            options.DefaultAuthenticateScheme = SelectingScheme;
            options.DefaultChallengeScheme = SelectingScheme;
            options.DefaultForbidScheme = SelectingScheme;
        });
        return services;
    }

    /// <summary>
    /// Pages use the cookie. Reads of the API (the feed's event stream, the export links) may use it too, so a page's
    /// links work in the browser; writes and admin calls never do: they need a bearer token.
    /// </summary>
    private static string Select(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.Authorization.Count > 0) return LedgerAccess.Scheme;
        if (request.Path.StartsWithSegments(PageLinks.Root)) return CookieScheme;
        var read = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        return read && request.Cookies.ContainsKey(CookieName) && Roles.RequiredFor(request.Method, request.Path) == Roles.Reader
            ? CookieScheme
            : LedgerAccess.Scheme;
    }

    public static void MapPageSignIn(this RouteGroupBuilder ui)
    {
        ui.MapGet("/sign-in", (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
            Form(context, antiforgery, returnUrl, null)).AllowAnonymous();
        ui.MapPost("/sign-in", SignInAsync).AllowAnonymous().DisableAntiforgery();
        ui.MapPost("/sign-out", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieScheme);
            return Results.Redirect($"{PageLinks.Root}/sign-in");
        }).AllowAnonymous().DisableAntiforgery();
        ui.MapGet("/denied", (HttpContext context) => new RazorComponentResult<DeniedPage>(new { User = context.User.Identity?.Name })
        {
            StatusCode = StatusCodes.Status403Forbidden,
        }).AllowAnonymous();
    }

    private static RazorComponentResult<SignInPage> Form(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return new RazorComponentResult<SignInPage>(new
        {
            ReturnUrl = LocalOrHome(returnUrl), Error = error, AntiforgeryField = tokens.FormFieldName, AntiforgeryToken = tokens.RequestToken,
        })
        { StatusCode = error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest };
    }

    /// <summary>Checks the token exactly as the bearer scheme would, then keeps its subject and roles in the cookie.</summary>
    private static async Task<IResult> SignInAsync(
        HttpContext context, IAntiforgery antiforgery, IOptionsMonitor<JwtBearerOptions> bearer, CancellationToken cancellation)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
            return Form(context, antiforgery, null, "The form had expired; please sign in again.");
        var form = await context.Request.ReadFormAsync(cancellation);
        var returnUrl = LocalOrHome(form["returnUrl"]);
        var token = form["token"].ToString().Trim();
        if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) token = token["Bearer ".Length..].Trim();
        if (token.Length == 0) return Form(context, antiforgery, returnUrl, "Paste an access token to sign in.");

        var options = bearer.Get(LedgerAccess.Scheme);
        var parameters = options.TokenValidationParameters.Clone();
        if (options.ConfigurationManager is { } metadata)
            parameters.ConfigurationManager = metadata as Microsoft.IdentityModel.Tokens.BaseConfigurationManager;
        var result = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, parameters);
        if (!result.IsValid) return Form(context, antiforgery, returnUrl, "That token is not one this ledger trusts, or it has expired.");

        var roleType = parameters.RoleClaimType;
        var identity = new ClaimsIdentity(
            result.ClaimsIdentity.Claims.Where(c => c.Type == "sub" || c.Type == roleType).Select(c => new Claim(c.Type, c.Value)),
            CookieScheme, "sub", roleType);
        await context.SignInAsync(CookieScheme, new ClaimsPrincipal(identity),
            new AuthenticationProperties { ExpiresUtc = result.SecurityToken.ValidTo is var until && until > DateTime.UtcNow ? until : null });
        return Results.LocalRedirect(returnUrl);
    }

    private static string LocalOrHome(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            ? returnUrl
            : $"{PageLinks.Root}/";
}
