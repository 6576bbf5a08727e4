using Microsoft.AspNetCore.Http.Features;
using TraffickingCases.Infrastructure.Exports;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Exports;

/// <summary>
/// Records an export the rate limiter refused (a POST to <c>/exports</c> answered 429) as a refused export, like every
/// other refusal (<see cref="ExportsController"/>). It wraps the whole pipeline, outside the limiter and the error
/// pages, so it sees the answer whichever limiter or policy gave it, with the signed-in user the request had.
/// </summary>
public sealed class ThrottledExportAudit : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, following) =>
        {
            await following(context);
            if (context.Response.StatusCode == StatusCodes.Status429TooManyRequests && HttpMethods.IsPost(context.Request.Method)
                && context.Request.Path.Equals("/exports", StringComparison.OrdinalIgnoreCase))
            {
                await RecordAsync(context);
            }
        });
        next(app);
    };

    private static async Task RecordAsync(HttpContext context)
    {
        var form = await AskedForAsync(context);
        string? Field(string name) => form?.TryGetValue($"Form.{name}", out var value) == true ? value.ToString() : null;
        var identifiable = bool.TryParse(Field(nameof(ExportForm.Identifiable))?.Split(',')[0], out var named) && named;
        var user = context.User;
        await context.RequestServices.GetRequiredService<IExportAudit>().RecordRefusedAsync(
            new ExportRefusal(
                ExportRefusalReason.Throttled, ["Too many exports at once or in a short time"],
                Field(nameof(ExportForm.Dataset)), Field(nameof(ExportForm.Format)), Field(nameof(ExportForm.Organisation)), identifiable,
                identifiable ? Field(nameof(ExportForm.Justification)) : null,
                new ExportActor(user.UserId(), user.DisplayName(), "web")),
            CancellationToken.None);
    }

    /// <summary>What the refused request asked for, when its form can still be read (a limiter answers before reading it).</summary>
    private static async Task<IFormCollection?> AskedForAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            return context.Features.Get<IFormFeature>()?.Form ?? await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or BadHttpRequestException or OperationCanceledException)
        {
            return null;
        }
    }
}
