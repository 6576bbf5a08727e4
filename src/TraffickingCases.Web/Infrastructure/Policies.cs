using Microsoft.AspNetCore.Authorization;
using TraffickingCases.Infrastructure.Identity;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>Every role and resource rule in one place.</summary>
public static class Policies
{
    /// <summary>Read case records of one's own organisation.</summary>
    public const string ReadCases = nameof(ReadCases);

    /// <summary>Record and change case data.</summary>
    public const string WriteCases = nameof(WriteCases);

    /// <summary>Acknowledge, resolve and dismiss flags, and override a child's risk level.</summary>
    public const string ManageFlags = nameof(ManageFlags);

    /// <summary>Search the audit trail and verify its chain.</summary>
    public const string ReadAuditTrail = nameof(ReadAuditTrail);

    /// <summary>See who viewed or changed a child of one's own organisation: the child's managers and auditors.</summary>
    public const string ReadAccessLog = nameof(ReadAccessLog);

    /// <summary>Export datasets of one's own organisation, pseudonymised or (with re-authentication and a justification) identifiable.</summary>
    public const string ExportData = nameof(ExportData);

    /// <summary>Export every organisation's records, or another organisation's: national auditors only.</summary>
    public const string ExportAnyOrganisation = nameof(ExportAnyOrganisation);

    /// <summary>See and download small-number-protected statistics: managers for their organisation, auditors for any.</summary>
    public const string ReadStatistics = nameof(ReadStatistics);

    /// <summary>The dashboard's internal figures: managers and auditors for their organisation, national auditors for any or all.</summary>
    public const string ReadDashboard = nameof(ReadDashboard);

    /// <summary>Record a supervision note and the next review date on a child's case: managers.</summary>
    public const string RecordSupervision = nameof(RecordSupervision);

    /// <summary>Manage users and organisations; sees no case data.</summary>
    public const string Administer = nameof(Administer);

    public static void Add(AuthorizationOptions options)
    {
        // Every page needs a signed-in user unless it says otherwise with [AllowAnonymous].
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        options.AddPolicy(ReadCases, p => p.RequireRole(Roles.Caseworker, Roles.Manager, Roles.Auditor, Roles.NationalAuditor));
        options.AddPolicy(WriteCases, p => p.RequireRole(Roles.Caseworker, Roles.Manager));
        options.AddPolicy(ManageFlags, p => p.RequireRole(Roles.Manager));
        options.AddPolicy(ReadAuditTrail, p => p.RequireRole(Roles.Auditor, Roles.NationalAuditor));
        options.AddPolicy(ReadAccessLog, p => p.RequireRole(Roles.Manager, Roles.Auditor, Roles.NationalAuditor));
        options.AddPolicy(Administer, p => p.RequireRole(Roles.Admin));
        options.AddPolicy(ExportData, p => p.RequireRole(Roles.Auditor, Roles.NationalAuditor));
        options.AddPolicy(ExportAnyOrganisation, p => p.RequireRole(Roles.NationalAuditor));
        options.AddPolicy(ReadStatistics, p => p.RequireRole(Roles.Manager, Roles.Auditor, Roles.NationalAuditor));
        options.AddPolicy(ReadDashboard, p => p.RequireRole(Roles.Manager, Roles.Auditor, Roles.NationalAuditor));
        options.AddPolicy(RecordSupervision, p => p.RequireRole(Roles.Manager));
    }
}
