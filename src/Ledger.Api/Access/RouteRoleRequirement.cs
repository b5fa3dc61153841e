using Microsoft.AspNetCore.Authorization;

namespace Ledger.Api.Access;

/// <summary>The caller holds the role <see cref="Roles.RequiredFor"/> names for this request's method and path.</summary>
public sealed class RouteRoleRequirement : AuthorizationHandler<RouteRoleRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RouteRoleRequirement requirement)
    {
        // Endpoint routing hands the HttpContext over as the resource being authorized.
        if (context.Resource is HttpContext http && Roles.RequiredFor(http.Request.Method, http.Request.Path) is { } role
            && context.User.IsInRole(role))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
