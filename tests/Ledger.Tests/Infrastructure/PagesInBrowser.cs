using Ledger.Api.Access;
using Microsoft.Playwright;

namespace Ledger.Tests.Infrastructure;

/// <summary>
/// The API host as a real process on a loopback port with the worked example recorded, and Debian's Chromium driven
/// by Playwright, signed in to the pages as a reader would be: by pasting a reader token into the sign-in form.
/// Playwright's own browser download cannot be fetched here, so it drives the system's browser (test.sh installs it).
/// </summary>
public sealed class PagesInBrowser : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public ServiceProcess Service { get; private set; } = null!;
    public IBrowserContext Context { get; private set; } = null!;

    /// <summary>Where screenshots go: LEDGER_SCREENSHOTS if set, else beside the test binaries.</summary>
    public static string ScreenshotFolder { get; } =
        Environment.GetEnvironmentVariable("LEDGER_SCREENSHOTS") is { Length: > 0 } folder ? folder : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        var database = await PostgresServer.CreateDatabaseAsync("ledger_pages");
        Service = ServiceProcess.Api(database);
        await Service.StartAsync();
        // A fresh process compiles each endpoint on its first call, which on a loaded machine can outlast the
        // client's timeout; posting the example is idempotent, so asking again records nothing twice.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await new Operator(Service.Client, database).GivenTheWorkedExampleAsync();
                break;
            }
            catch (TaskCanceledException) when (attempt < 3)
            {
            }
        }

        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"No browser at {Chromium}: ./test.sh installs Debian's chromium package when it is missing.");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
        Context = await _browser.NewContextAsync(new() { BaseURL = Service.BaseAddress.ToString(), ViewportSize = new() { Width = 1100, Height = 900 } });
        Context.SetDefaultTimeout(15_000);
        await SignInAsync(Context, TestTokens.WithRoles(Roles.Reader));
        Directory.CreateDirectory(ScreenshotFolder);
    }

    /// <summary>Opens a page, is sent to the sign-in form, pastes the token and comes back signed in.</summary>
    public static async Task SignInAsync(IBrowserContext context, string token)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/ui/");
        await page.GetByLabel("Access token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/ui/");
        await page.CloseAsync();
    }

    public async Task<IPage> OpenAsync(string path)
    {
        var page = await Context.NewPageAsync();
        await page.GotoAsync(path);
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, $"{name}.png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Context is not null) await Context.DisposeAsync();
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (Service is not null) await Service.DisposeAsync();
    }
}
