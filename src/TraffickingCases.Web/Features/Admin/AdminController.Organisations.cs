using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Organisations;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Admin;

/// <summary>Adding and correcting organisations (the code is fixed once made: files and exports name organisations by it).</summary>
public sealed partial class AdminController
{
    [HttpGet("/admin/organisations/new")]
    public IActionResult NewOrganisation() => View("Organisation", new OrganisationPage(new OrganisationForm(), null, Types()));

    [HttpPost("/admin/organisations/new")]
    public async Task<IActionResult> NewOrganisation(OrganisationForm form, CancellationToken ct)
    {
        try
        {
            var organisation = new Organisation(form.Code ?? string.Empty, form.Name ?? string.Empty, form.Type ?? (OrganisationType)(-1), form.IsInIctgArea);
            organisation.SetOutOfHoursEmail(form.OutOfHoursEmail);
            if (await db.Organisations.AnyAsync(o => o.Code == organisation.Code, ct))
            {
                ModelState.AddModelError("Form.Code", "Another organisation has this code");
            }
            else
            {
                db.Organisations.Add(organisation);
                await db.SaveChangesAsync(ct); // audited as a created Organisation
                TempData["Confirmation"] = $"{organisation.Name} ({organisation.Code}) is added";
                return Redirect("/admin");
            }
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e.Errors, "Form");
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Organisation", new OrganisationPage(form, null, Types()));
    }

    [HttpGet("/admin/organisations/{id:guid}")]
    public async Task<IActionResult> EditOrganisation(Guid id, CancellationToken ct) =>
        await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) is { } organisation
            ? View("Organisation", new OrganisationPage(
                new OrganisationForm
                {
                    Code = organisation.Code, Name = organisation.Name, Type = organisation.Type, IsInIctgArea = organisation.IsInIctgArea,
                    OutOfHoursEmail = organisation.OutOfHoursEmail,
                }, id, Types()))
            : NotFound();

    [HttpPost("/admin/organisations/{id:guid}")]
    public async Task<IActionResult> EditOrganisation(Guid id, OrganisationForm form, CancellationToken ct)
    {
        if (await db.Organisations.FirstOrDefaultAsync(o => o.Id == id, ct) is not { } organisation)
        {
            return NotFound();
        }

        try
        {
            ChangeOrganisation(organisation, form);
            await db.SaveChangesAsync(ct); // audited as an updated Organisation, field by field
            TempData["Confirmation"] = $"{organisation.Name} is saved";
            return Redirect("/admin");
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e.Errors, "Form");
        }

        form.Code = organisation.Code;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Organisation", new OrganisationPage(form, id, Types()));
    }

    /// <summary>Applies the form, collecting the name's and the out-of-hours address's errors together so both show at once.</summary>
    private static void ChangeOrganisation(Organisation organisation, OrganisationForm form)
    {
        var errors = new List<ValidationError>();
        try
        {
            organisation.Change(form.Name ?? string.Empty, form.Type ?? (OrganisationType)(-1), form.IsInIctgArea);
        }
        catch (DomainValidationException e)
        {
            errors.AddRange(e.Errors);
        }

        try
        {
            organisation.SetOutOfHoursEmail(form.OutOfHoursEmail);
        }
        catch (DomainValidationException e)
        {
            errors.AddRange(e.Errors);
        }

        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
    }

    private static IReadOnlyList<SelectListItem> Types() =>
        Enum.GetValues<OrganisationType>().Select(t => new SelectListItem(Labels.Of(t), t.ToString())).ToList();
}
