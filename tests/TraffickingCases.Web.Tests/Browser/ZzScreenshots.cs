using Microsoft.Playwright;

namespace TraffickingCases.Web.Tests.Browser;

public sealed class ZzScreenshots
{
    [Fact]
    public async Task Shots()
    {
        if (Environment.GetEnvironmentVariable("TC_SHOTS") is null)
        {
            return;
        }

        using var pw = await Playwright.CreateAsync();
        await using var browser = await pw.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
        var page = await browser.NewPageAsync(new() { BaseURL = "http://127.0.0.1:5090", ViewportSize = new() { Width = 1280, Height = 900 } });
        await page.GotoAsync("/sign-in");
        await page.ScreenshotAsync(new() { Path = "/tmp/shots/1-signin.png", FullPage = true });
        await page.GetByLabel("Email address").FillAsync("caseworker@demo.test");
        await page.GetByLabel("Password").FillAsync("demo-password-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/children");
        await page.ScreenshotAsync(new() { Path = "/tmp/shots/2-children.png", FullPage = true });
        var link = page.Locator("[data-testid=caseload] tbody tr a").First;
        await link.ClickAsync();
        await page.ScreenshotAsync(new() { Path = "/tmp/shots/3-child.png", FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a referral" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add referral" }).ClickAsync();
        await page.ScreenshotAsync(new() { Path = "/tmp/shots/4-referral-errors.png", FullPage = true });
    }
}
