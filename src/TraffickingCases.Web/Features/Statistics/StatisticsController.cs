using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure.Exports;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Statistics;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Statistics;

public sealed class StatisticsQuery
{
    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    /// <summary>Auditors only: an organisation's code, or empty for all.</summary>
    public string? Organisation { get; set; }

    public string ToQueryString()
    {
        var parts = new List<string>();
        if (From is { } from)
        {
            parts.Add($"from={from:yyyy-MM-dd}");
        }

        if (To is { } to)
        {
            parts.Add($"to={to:yyyy-MM-dd}");
        }

        if (!string.IsNullOrEmpty(Organisation))
        {
            parts.Add($"organisation={Uri.EscapeDataString(Organisation)}");
        }

        return string.Join('&', parts);
    }
}

public sealed class StatisticsPage
{
    public required StatisticsQuery Query { get; init; }

    public StatisticsReport? Report { get; init; }

    public IReadOnlyList<SelectListItem> Organisations { get; init; } = [];

    public bool CanChooseOrganisation { get; init; }
}

/// <summary>
/// Statistics a council or an auditor can publish. Managers see their own organisation; auditors any one, or all.
/// Small counts are suppressed and totals rounded before the figures reach the page or a download.
/// </summary>
[Authorize(Policy = Policies.ReadStatistics)]
public sealed class StatisticsController(CasesDbContext db, StatisticsService statistics, IExportAudit audit, TimeProvider clock) : Controller
{
    [HttpGet("/statistics")]
    public async Task<IActionResult> Index([FromQuery] StatisticsQuery query, CancellationToken ct)
    {
        var (report, status) = await ReportAsync(query, ct);
        Response.StatusCode = status;
        ViewData["Section"] = "Statistics";
        var organisations = User.IsAuditor()
            ? await db.Organisations.AsNoTracking().OrderBy(o => o.Name).Select(o => new SelectListItem($"{o.Name} ({o.Code})", o.Code)).ToListAsync(ct)
            : [];
        return View(new StatisticsPage
        {
            Query = query,
            Report = report,
            Organisations = [new SelectListItem("All organisations", string.Empty), .. organisations],
            CanChooseOrganisation = User.IsAuditor(),
        });
    }

    [HttpGet("/statistics/download")]
    public async Task<IActionResult> Download([FromQuery] StatisticsQuery query, [FromQuery] string? format, CancellationToken ct)
    {
        if (!RowWriters.TryParse(format, out var how) || how == ExportFormat.Jsonl)
        {
            return NotFound();
        }

        var (report, _) = await ReportAsync(query, ct);
        if (report is null)
        {
            return NotFound();
        }

        var rows = report.LongRows().ToList();
        var record = new ExportAuditRecord(Guid.CreateVersion7(), ExportStage.Completed, "statistics", how,
            $"organisation={report.Scope} from={report.From:yyyy-MM-dd} to={report.To:yyyy-MM-dd}", Identifiable: false, Justification: null,
            rows.Count, new ExportActor(User.UserId(), User.DisplayName(), "web"), clock.GetUtcNow());
        await audit.RecordAsync(record with { Stage = ExportStage.Started, RowCount = null }, ct);
        HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        Response.ContentType = RowWriters.ContentType(how);
        Response.Headers.ContentDisposition = $"attachment; filename=\"statistics-{report.From:yyyy-MM-dd}-to-{report.To:yyyy-MM-dd}.{RowWriters.Extension(how)}\"";
        await using (var writer = RowWriters.Create(how, Response.Body))
        {
            await writer.WriteHeaderAsync(["table", "row", "measure", "value"], ct);
            foreach (var row in rows)
            {
                await writer.WriteRowAsync(row, ct);
            }

            await writer.CompleteAsync(ct);
        }

        await audit.RecordAsync(record, CancellationToken.None);
        return new EmptyResult();
    }

    private async Task<(StatisticsReport? Report, int Status)> ReportAsync(StatisticsQuery query, CancellationToken ct)
    {
        // By default the last four whole quarters.
        var today = UkCalendar.Today(clock);
        var thisQuarter = StatisticsService.Quarter(today).Start;
        query.From ??= thisQuarter.AddMonths(-12);
        query.To ??= thisQuarter.AddDays(-1);
        var fromProblem = DateFilter.Problem(query.From, "The start date");
        var toProblem = DateFilter.Problem(query.To, "The end date");
        if (fromProblem is not null || toProblem is not null)
        {
            // The keys of the fields on the page, so each problem shows beside its field and links from the summary.
            if (fromProblem is not null)
            {
                ModelState.AddModelError("Query.From", fromProblem);
            }

            if (toProblem is not null)
            {
                ModelState.AddModelError("Query.To", toProblem);
            }

            return (null, StatusCodes.Status422UnprocessableEntity);
        }

        if (query.From > query.To)
        {
            ModelState.AddModelError(nameof(StatisticsQuery.To), "The end date must be on or after the start date");
            return (null, StatusCodes.Status422UnprocessableEntity);
        }

        Guid? organisationId;
        string scope;
        if (User.IsAuditor())
        {
            var code = string.IsNullOrWhiteSpace(query.Organisation) ? null : query.Organisation.Trim().ToUpperInvariant();
            if (code is null)
            {
                (organisationId, scope) = (null, "all organisations");
            }
            else
            {
                var organisation = await db.Organisations.AsNoTracking().Where(o => o.Code == code).Select(o => new { o.Id, o.Code }).SingleOrDefaultAsync(ct);
                if (organisation is null)
                {
                    ModelState.AddModelError(nameof(StatisticsQuery.Organisation), "Choose an organisation from the list");
                    return (null, StatusCodes.Status422UnprocessableEntity);
                }

                (organisationId, scope) = (organisation.Id, organisation.Code);
            }
        }
        else
        {
            // Need to know: a manager's statistics are their own organisation's, whatever the query says.
            query.Organisation = null;
            organisationId = User.OrganisationId();
            scope = await db.Organisations.AsNoTracking().Where(o => o.Id == organisationId).Select(o => o.Code).SingleAsync(ct);
        }

        return (await statistics.BuildAsync(query.From.Value, query.To.Value, organisationId, scope, ct), StatusCodes.Status200OK);
    }
}
