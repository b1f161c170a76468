using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Xunit.Abstractions;

namespace Fleet.Silo.Tests.Infrastructure;

/// <summary>Debian's headless chromium through chromium-driver (no download), and screenshots into <c>artifacts/</c> beside the test assembly.</summary>
internal static class HeadlessChromium
{
    public static ChromeDriver Start(int width = 1400, int height = 1100)
    {
        Assert.True(File.Exists("/usr/bin/chromium") && File.Exists("/usr/bin/chromedriver"),
            "Debian's chromium and chromium-driver are needed (apt-get install chromium chromium-driver; .ci/run installs them)");
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", $"--window-size={width},{height}", "--hide-scrollbars",
            $"--user-data-dir={Directory.CreateTempSubdirectory("fleet-chromium").FullName}");
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public static string Save(IWebDriver driver, string name, ITestOutputHelper output)
    {
        var directory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;
        var path = Path.Combine(directory, name);
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(path);
        output.WriteLine($"screenshot: {path}");
        return path;
    }
}
