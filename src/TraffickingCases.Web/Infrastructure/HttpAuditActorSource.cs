using System.Diagnostics;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Identity;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>The signed-in person, their organisation and role, the client's address and the request's trace id; the system outside a request.</summary>
public sealed class HttpAuditActorSource(IHttpContextAccessor http) : IAuditActorSource
{
    public AuditActor Current()
    {
        var context = http.HttpContext;
        if (context is null)
        {
            return AuditActor.SystemInCurrentTrace;
        }

        var user = context.User;
        var ip = context.Connection.RemoteIpAddress?.ToString();
        var correlation = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        if (user.Identity?.IsAuthenticated != true)
        {
            return new AuditActor(null, "anonymous", null, null, ip, correlation);
        }

        var organisation = user.OrganisationId();
        return new AuditActor(user.UserId(), user.DisplayName(), organisation == Guid.Empty ? null : organisation,
            Roles.All.FirstOrDefault(user.IsInRole), ip, correlation);
    }

    /// <summary>An actor for a person who is signing in, before their cookie exists.</summary>
    public static AuditActor For(HttpContext context, AppUser? user, string? role) => new(
        user?.Id, user?.DisplayName ?? "anonymous", user?.OrganisationId, role,
        context.Connection.RemoteIpAddress?.ToString(), Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier);
}
