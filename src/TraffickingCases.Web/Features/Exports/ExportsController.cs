using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Exports;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Exports;

public sealed class ExportForm
{
    public string? Dataset { get; set; }

    public string? Format { get; set; } = "csv";

    /// <summary>An organisation's code, or empty for every organisation.</summary>
    public string? Organisation { get; set; }

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    public string? Rule { get; set; }

    public string? Status { get; set; }

    public bool Identifiable { get; set; }

    public string? Justification { get; set; }

    public string? Password { get; set; }

    public string? Code { get; set; }
}

public sealed class ExportsPage
{
    public required ExportForm Form { get; init; }

    public required IReadOnlyList<SelectListItem> Datasets { get; init; }

    public required IReadOnlyList<SelectListItem> Formats { get; init; }

    public required IReadOnlyList<SelectListItem> Organisations { get; init; }

    public required IReadOnlyList<SelectListItem> Rules { get; init; }

    public required IReadOnlyList<SelectListItem> Statuses { get; init; }

    public bool TwoFactorEnabled { get; init; }

    public int MinimumJustificationLength { get; init; }
}

/// <summary>
/// Auditors export datasets: pseudonymised by default; identifiable only with a written justification after entering
/// their password (and authenticator code, when they use one) again. Every export is audited.
/// </summary>
[Authorize(Policy = Policies.ExportData)]
public sealed class ExportsController(
    CasesDbContext db, Exporter exporter, ExportRequestValidator validator, ExportSettings settings, UserManager<AppUser> users,
    SignInManager<AppUser> signIn, ILogger<ExportsController> logger) : Controller
{
    [HttpGet("/exports")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await PageAsync(new ExportForm(), ct));

    [EnableRateLimiting(Throttling.Exports)]
    [HttpPost("/exports")]
    public async Task<IActionResult> Export([Bind(Prefix = "Form")] ExportForm form, CancellationToken ct)
    {
        // The form keeps its rule and status fields when another dataset is chosen; they count for flags only.
        var dataset = ExportDatasets.Find(form.Dataset);
        var flagsOnly = dataset == ExportDatasets.Flags;
        var check = await validator.CheckAsync(
            new ExportRequestInput
            {
                Dataset = dataset,
                Format = RowWriters.TryParse(form.Format, out var format) ? format : null,
                Organisation = form.Organisation,
                From = form.From,
                To = form.To,
                Rule = flagsOnly ? form.Rule : null,
                Status = flagsOnly ? form.Status : null,
                Identifiable = form.Identifiable,
                Justification = form.Justification,
            },
            new ExportActor(User.UserId(), User.DisplayName(), "web"), ct);
        foreach (var problem in check.Problems)
        {
            ModelState.AddModelError($"Form.{problem.Field}", problem.Message);
        }

        if (form.Identifiable)
        {
            await CheckReauthenticationAsync(form);
        }

        if (!ModelState.IsValid || check.Request is not { } request)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            form.Password = null;
            form.Code = null;
            return View("Index", await PageAsync(form, ct));
        }

        // Rows go to the client as they are read: no response buffering, no content length.
        HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        Response.ContentType = RowWriters.ContentType(request.Format);
        Response.Headers.ContentDisposition = $"attachment; filename=\"{exporter.FileName(request)}\"";
        await exporter.WriteAsync(request, Response.Body, ct);
        return new EmptyResult();
    }

    /// <summary>The password (and authenticator code) again, counting failures towards lockout as sign-in does.</summary>
    private async Task CheckReauthenticationAsync(ExportForm form)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            ModelState.AddModelError("Form.Password", "Sign in again to make an identifiable export");
            return;
        }

        if (string.IsNullOrEmpty(form.Password))
        {
            ModelState.AddModelError("Form.Password", "Enter your password to make an identifiable export");
            return;
        }

        var result = await signIn.CheckPasswordSignInAsync(user, form.Password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            logger.LogWarning("Identifiable export refused: account locked out");
            ModelState.AddModelError("Form.Password", "Your account is locked after too many failed attempts. Try again in 15 minutes.");
            return;
        }

        if (!result.Succeeded)
        {
            logger.LogInformation("Identifiable export refused: password not confirmed");
            ModelState.AddModelError("Form.Password", "The password is not right");
            return;
        }

        if (await users.GetTwoFactorEnabledAsync(user))
        {
            var code = (form.Code ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
            if (code.Length == 0)
            {
                ModelState.AddModelError("Form.Code", "Enter the code from your authenticator app");
            }
            else if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
            {
                await users.AccessFailedAsync(user);
                logger.LogInformation("Identifiable export refused: authenticator code not confirmed");
                ModelState.AddModelError("Form.Code", "The code is not right");
            }
        }
    }

    private async Task<ExportsPage> PageAsync(ExportForm form, CancellationToken ct)
    {
        ViewData["Section"] = "Exports";
        var organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).Select(o => new { o.Code, o.Name }).ToListAsync(ct);
        var user = await users.GetUserAsync(User);
        form.Dataset ??= ExportDatasets.Referrals.Name;
        return new ExportsPage
        {
            Form = form,
            Datasets = ExportDatasets.All.Select(d => new SelectListItem(d.Title, d.Name)).ToList(),
            Formats = [new("CSV (opens in any spreadsheet)", "csv"), new("Excel workbook (.xlsx)", "xlsx"), new("JSON Lines (one record a line, for analysts' tools)", "jsonl")],
            Organisations = [new("All organisations", string.Empty), .. organisations.Select(o => new SelectListItem($"{o.Name} ({o.Code})", o.Code))],
            Rules = FilterChoices.Rules(),
            Statuses = [new("Any status", string.Empty), .. Enum.GetValues<FlagStatus>().Select(s => new SelectListItem(s.ToString(), s.ToString()))],
            TwoFactorEnabled = user is not null && await users.GetTwoFactorEnabledAsync(user),
            MinimumJustificationLength = settings.MinimumJustificationLength,
        };
    }
}
