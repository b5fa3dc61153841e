using Microsoft.AspNetCore.Authorization;

namespace Ledger.Api.Access;

/// <summary>The caller holds the role <see cref="Roles.RequiredFor"/> names for this request's method and path.</summary>
public sealed class RouteRoleRequirement : AuthorizationHandler<RouteRoleRequirement>, IAuthorizationRequirement
{
    /// <summary>The endpoint routing picks when a path exists but not for this method; it only answers 405.</summary>
    private const string MethodNotAllowedEndpoint = "405 HTTP Method Not Supported";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RouteRoleRequirement requirement)
    {
        // Endpoint routing hands the HttpContext over as the resource being authorized.
        if (context.Resource is not HttpContext http) return Task.CompletedTask;
        var role = Roles.RequiredFor(http.Request.Method, http.Request.Path);
        // A signed-in caller with any role may learn that a method is not allowed; it reaches no data.
        var admitted = role is null
            ? http.GetEndpoint()?.DisplayName == MethodNotAllowedEndpoint && Roles.All.Any(context.User.IsInRole)
            : context.User.IsInRole(role);
        if (admitted) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
