using TraffickingCases.Infrastructure.Audit;

namespace TraffickingCases.Web.Features.Audit;

/// <summary>How the trail's codes read on the page.</summary>
public static class AuditViews
{
    public static string ActionLabel(string action) => action switch
    {
        AuditActions.Created => "Created",
        AuditActions.Updated => "Changed",
        AuditActions.Deleted => "Deleted",
        AuditActions.Viewed => "Viewed",
        AuditActions.Searched => "Searched",
        AuditActions.SignedIn => "Signed in",
        AuditActions.SignInFailed => "Sign-in failed",
        AuditActions.SignedOut => "Signed out",
        AuditActions.LockedOut => "Locked out",
        AuditActions.Imported => "Imported",
        AuditActions.Exported => "Exported",
        AuditActions.ExportRefused => "Export refused",
        AuditActions.ChainVerified => "Checked the chain",
        AuditActions.Retention => "Removed old entries (retention)",
        AuditActions.ViewedChronology => "Viewed the chronology",
        _ => action,
    };
}
