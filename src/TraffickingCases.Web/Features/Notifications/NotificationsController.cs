using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewComponents;
using Microsoft.AspNetCore.Html;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Infrastructure.Notifications;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Notifications;

public sealed record NotificationRow(long Id, string Kind, Guid? ChildId, Guid? FlagId, string? Reference, string? RuleCode, DateTimeOffset CreatedAt, bool Read);

public sealed record NotificationsPage(IReadOnlyList<NotificationRow> Rows, int Unread, long? Before, long? Next);

/// <summary>
/// A person's own notifications: new High flags on their children (a manager's, in their organisation) and new likely
/// matches, newest first, paged by key. Each can be marked read, or all at once. Nobody sees or marks another's: a
/// notification that is not the person's answers 404.
/// </summary>
[Authorize(Policy = Policies.WriteCases)]
public sealed class NotificationsController(CasesDbContext db, TimeProvider clock) : Controller
{
    public const int PageSize = 25;

    [HttpGet("/notifications")]
    public async Task<IActionResult> Index([FromQuery] long? before, CancellationToken ct)
    {
        var userId = User.UserId();
        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        if (before is { } key)
        {
            mine = mine.Where(n => n.Id < key);
        }

        var rows = await mine.OrderByDescending(n => n.Id).Take(PageSize + 1)
            .Select(n => new NotificationRow(n.Id, n.Kind, n.ChildId, n.FlagId, n.ChildReference, n.RuleCode, n.CreatedAt, n.ReadAt != null))
            .ToListAsync(ct);
        var unread = await UnreadCountAsync(db, userId, ct);
        ViewData["Section"] = "Notifications";
        return View(new NotificationsPage(rows.Take(PageSize).ToList(), unread, before, rows.Count > PageSize ? rows[PageSize - 1].Id : null));
    }

    [HttpPost("/notifications/{id:long}/read")]
    public async Task<IActionResult> MarkRead(long id, CancellationToken ct)
    {
        var userId = User.UserId();
        var changed = await db.Notifications.Where(n => n.Id == id && n.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, n => n.ReadAt ?? clock.GetUtcNow()), ct);
        if (changed == 0)
        {
            return NotFound();
        }

        TempData["Confirmation"] = "The notification is marked as read";
        return Redirect("/notifications");
    }

    [HttpPost("/notifications/read-all")]
    public async Task<IActionResult> MarkAllRead(CancellationToken ct)
    {
        var userId = User.UserId();
        var now = clock.GetUtcNow();
        var changed = await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        TempData["Confirmation"] = changed == 1 ? "1 notification is marked as read" : $"{changed} notifications are marked as read";
        return Redirect("/notifications");
    }

    /// <summary>The person's unread count, at most 100: read from the small partial index ix_notifications_unread on every page.</summary>
    public static Task<int> UnreadCountAsync(CasesDbContext db, string userId, CancellationToken ct) =>
        db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null).Take(100).CountAsync(ct);

    public static string What(NotificationRow row) => row.Kind switch
    {
        NotificationKinds.LikelyMatch => "Possibly the same child as another record",
        _ => "High flag raised",
    };
}

/// <summary>The header's link to /notifications with the unread count, for the people who get notifications.</summary>
public sealed class NotificationCountViewComponent(CasesDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var unread = await NotificationsController.UnreadCountAsync(db, UserClaimsPrincipal.UserId(), HttpContext.RequestAborted);
        var badge = unread == 0
            ? string.Empty
            : $" <span class=\"app-notification-count\" data-testid=\"notification-count\">{(unread >= 100 ? "99+" : unread.ToString(System.Globalization.CultureInfo.InvariantCulture))}<span class=\"govuk-visually-hidden\"> unread</span></span>";
        return new HtmlContentViewComponentResult(new HtmlString(
            $"<a class=\"moj-header__navigation-link\" href=\"/notifications\" data-testid=\"notifications-link\">Notifications{badge}</a>"));
    }
}
