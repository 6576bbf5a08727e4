using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Audit;
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

    /// <summary>A national auditor, who may export every organisation; an auditor sees only their own in the list.</summary>
    public bool AnyOrganisation { get; init; }

    public required IReadOnlyList<SelectListItem> Rules { get; init; }

    public required IReadOnlyList<SelectListItem> Statuses { get; init; }

    public bool TwoFactorEnabled { get; init; }

    public int MinimumJustificationLength { get; init; }
}

/// <summary>
/// Auditors export their own organisation's datasets, national auditors any organisation's or all: pseudonymised by
/// default; identifiable only with a written justification after confirming who they are again
/// (<see cref="ConfirmIdentityAsync"/>). Every export is audited, and so is every refusal, with why.
/// </summary>
[Authorize(Policy = Policies.ExportData)]
public sealed class ExportsController(
    CasesDbContext db, Exporter exporter, ExportRequestValidator validator, ExportSettings settings, IExportAudit exportAudit, AuditTrail audit,
    UserManager<AppUser> users, SignInManager<AppUser> signIn, IAuthorizationService authorization, SecondFactorSettings secondFactor,
    ILogger<ExportsController> logger) : Controller
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
        var actor = new ExportActor(User.UserId(), User.DisplayName(), "web");
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
            actor, ct);
        foreach (var problem in check.Problems)
        {
            ModelState.AddModelError($"Form.{problem.Field}", problem.Message);
        }

        var reason = check.Problems.Count > 0 ? ExportRefusalReason.Invalid : (ExportRefusalReason?)null;
        if (!await MayExportAsync(form.Organisation))
        {
            // The form offers an auditor only their own organisation: anything else was not chosen on it.
            logger.LogWarning("Export refused: organisation not allowed for this auditor");
            ModelState.AddModelError("Form.Organisation", "You can export only your own organisation's records. Exports of every organisation, or of another, need a national auditor.");
            reason = ExportRefusalReason.OrganisationNotAllowed;
        }
        else if (form.Identifiable && !await ConfirmIdentityAsync(form))
        {
            reason = ExportRefusalReason.ReauthenticationFailed;
        }

        if (reason is null && !PseudonymKeyIsSet(out var notConfigured))
        {
            // Only when the start-up check is switched off (Security:CheckProductionSecrets): say so, not a 500.
            logger.LogError("Export refused: {Problem}", notConfigured);
            ModelState.AddModelError("Form.Dataset", "Exports are not set up on this service yet (no pseudonym key). Ask your administrator.");
            await RecordRefusalAsync(ExportRefusalReason.Invalid, form, actor, ct);
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return View("Index", await PageAsync(form, ct));
        }

        if (reason is not null || check.Request is not { } request)
        {
            await RecordRefusalAsync(reason ?? ExportRefusalReason.Invalid, form, actor, ct);
            Response.StatusCode = reason == ExportRefusalReason.OrganisationNotAllowed ? StatusCodes.Status403Forbidden : StatusCodes.Status422UnprocessableEntity;
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

    /// <summary>
    /// Records a refused export in the audit trail: why, and every problem as the page shows it. A refusal by the rate
    /// limiter (429) never reaches this action: <see cref="ThrottledExportAudit"/> records that one.
    /// </summary>
    private Task RecordRefusalAsync(ExportRefusalReason reason, ExportForm form, ExportActor actor, CancellationToken ct)
    {
        var problems = ModelState.Where(e => e.Key.StartsWith("Form.", StringComparison.Ordinal))
            .SelectMany(e => e.Value!.Errors.Select(error => error.ErrorMessage)).Distinct().ToList();
        return exportAudit.RecordRefusedAsync(
            new ExportRefusal(reason, problems, form.Dataset, form.Format, form.Organisation, form.Identifiable, form.Identifiable ? form.Justification : null, actor), ct);
    }

    /// <summary>
    /// A national auditor may export any organisation, or all (an empty choice); an auditor only their own, by its code.
    /// An unknown code is left to the validator's message, except for an auditor, to whom it is simply not theirs.
    /// </summary>
    private async Task<bool> MayExportAsync(string? organisation)
    {
        if ((await authorization.AuthorizeAsync(User, Policies.ExportAnyOrganisation)).Succeeded)
        {
            return true;
        }

        var code = string.IsNullOrWhiteSpace(organisation) ? null : organisation.Trim().ToUpperInvariant();
        var own = User.OrganisationId();
        return code is not null && await db.Organisations.AnyAsync(o => o.Id == own && o.Code == code, HttpContext.RequestAborted);
    }

    /// <summary>
    /// Confirms it is still the signed-in person before an identifiable export: the password (and authenticator code,
    /// when they use one) again, counting failures towards lockout as sign-in does, and auditing each failure and a
    /// lockout with the same actions as sign-in (<c>sign_in_failed</c>, <c>locked_out</c>), marked as export
    /// re-authentication. Adds the message beside the field and answers false when not confirmed. The one place to
    /// change when re-authentication becomes the user's second factor.
    /// </summary>
    private bool PseudonymKeyIsSet(out string? problem)
    {
        try
        {
            using var _ = new Pseudonymiser(settings);
            problem = null;
            return true;
        }
        catch (ExportNotConfiguredException e)
        {
            problem = e.Message;
            return false;
        }
    }

    private async Task<bool> ConfirmIdentityAsync(ExportForm form)
    {
        var ct = HttpContext.RequestAborted;
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            ModelState.AddModelError("Form.Password", "Sign in again to make an identifiable export");
            return false;
        }

        if (string.IsNullOrEmpty(form.Password))
        {
            ModelState.AddModelError("Form.Password", "Enter your password to make an identifiable export");
            return false;
        }

        var result = await signIn.CheckPasswordSignInAsync(user, form.Password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            await AuditFailedAsync(AuditActions.LockedOut, "password", ct);
            logger.LogWarning("Identifiable export refused: account locked out");
            ModelState.AddModelError("Form.Password", "Your account is locked after too many failed attempts. Try again in 15 minutes.");
            return false;
        }

        if (!result.Succeeded)
        {
            await AuditFailedAsync(AuditActions.SignInFailed, "password", ct);
            logger.LogInformation("Identifiable export refused: password not confirmed");
            ModelState.AddModelError("Form.Password", "The password is not right");
            return false;
        }

        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            if (!secondFactor.RequireMfa)
            {
                return true;
            }

            // Re-authentication uses the same second factor as signing in: a passkey alone cannot be asked for on this form.
            ModelState.AddModelError("Form.Code", "Identifiable exports need a code from an authenticator app. Set one up on your account page first.");
            return false;
        }

        var code = (form.Code ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        if (code.Length == 0)
        {
            ModelState.AddModelError("Form.Code", "Enter the code from your authenticator app");
            return false;
        }

        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            await users.AccessFailedAsync(user);
            await AuditFailedAsync(await users.IsLockedOutAsync(user) ? AuditActions.LockedOut : AuditActions.SignInFailed, "authenticator code", ct);
            logger.LogInformation("Identifiable export refused: authenticator code not confirmed");
            ModelState.AddModelError("Form.Code", "The code is not right");
            return false;
        }

        return true;

        Task AuditFailedAsync(string action, string factor, CancellationToken token) =>
            audit.RecordAsync(new AuditEvent(action, "User", user.Id, null, new { email = user.Email, during = "export re-authentication", factor }), token);
    }

    private async Task<ExportsPage> PageAsync(ExportForm form, CancellationToken ct)
    {
        ViewData["Section"] = "Exports";
        var anyOrganisation = (await authorization.AuthorizeAsync(User, Policies.ExportAnyOrganisation)).Succeeded;
        var own = User.OrganisationId();
        var organisations = await db.Organisations.AsNoTracking().Where(o => anyOrganisation || o.Id == own)
            .OrderBy(o => o.Name).Select(o => new { o.Code, o.Name }).ToListAsync(ct);
        var user = await users.GetUserAsync(User);
        form.Dataset ??= ExportDatasets.Referrals.Name;
        if (!anyOrganisation && organisations is [var only] && string.IsNullOrEmpty(form.Organisation))
        {
            form.Organisation = only.Code;
        }

        List<SelectListItem> choices = [.. organisations.Select(o => new SelectListItem($"{o.Name} ({o.Code})", o.Code))];
        return new ExportsPage
        {
            Form = form,
            Datasets = ExportDatasets.All.Select(d => new SelectListItem(d.Title, d.Name)).ToList(),
            Formats = [new("CSV (opens in any spreadsheet)", "csv"), new("Excel workbook (.xlsx)", "xlsx"), new("JSON Lines (one record a line, for analysts' tools)", "jsonl")],
            Organisations = anyOrganisation ? [new("All organisations", string.Empty), .. choices] : choices,
            AnyOrganisation = anyOrganisation,
            Rules = FilterChoices.Rules(),
            Statuses = [new("Any status", string.Empty), .. Enum.GetValues<FlagStatus>().Select(s => new SelectListItem(s.ToString(), s.ToString()))],
            TwoFactorEnabled = user is not null && await users.GetTwoFactorEnabledAsync(user),
            MinimumJustificationLength = settings.MinimumJustificationLength,
        };
    }
}
