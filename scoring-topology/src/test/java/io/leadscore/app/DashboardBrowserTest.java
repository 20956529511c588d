package io.leadscore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's, driven through its ChromeDriver, so nothing is downloaded) while
 * the demo runs: leads move between stages on the page, the charts draw the demo's data, and a search shows a lead's
 * explanation with its score history.
 */
class DashboardBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void showsLeadsMovingBetweenStagesAndExplainsALead() throws Exception {
    assumeBrowser();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    AtomicInteger exit = new AtomicInteger(-1);
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    Thread demo = new Thread(() -> exit.set(LeadscoreCli.commandLine().execute("demo", "--duration", "120",
        "--leads", "400", "--rate", "300", "--api-port", "0", "--mql-only")), "demo-under-test");
    demo.start();
    try {
      String dashboard = awaitDashboardUrl(captured);
      System.setOut(original);
      WebDriver browser = chromium();
      try {
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        browser.get(dashboard);
        wait.until(b -> texts(b, "#status").equals(List.of("live")) && texts(b, "#funnel li").size() == 4);
        assertThat(texts(browser, "#funnel li .stage")).containsExactly("cold", "warm", "hot", "mql");
        assertThat(texts(browser, "#matrix tbody tr th")).containsExactly("A", "B", "C", "D");

        wait.until(b -> !texts(b, "#feed-stage-changes li.stage-change").isEmpty()
            && funnel(b).get(1) + funnel(b).get(2) > 0);
        List<Integer> before = funnel(browser);
        String newestMove = texts(browser, "#feed-stage-changes li").get(0);
        assertThat(newestMove).matches("(?s).*lead-\\d+ \\w+ [▲▼] \\w+ [A-D]\\d+.*");
        wait.until(b -> !funnel(b).equals(before)
            && !texts(b, "#feed-stage-changes li").get(0).equals(newestMove));
        assertThat(funnel(browser).stream().mapToInt(Integer::intValue).sum())
            .as("every lead with a score is in one stage").isPositive();

        wait.until(b -> !texts(b, "#feed-mqls li.mql").isEmpty());
        assertThat(texts(browser, "#feed-mqls li.mql").get(0)).as("an MQL, the rep it went to and why")
            .matches("(?s).*lead-\\d+ [AB]\\d+ → .+ by .+\\(\\+\\d+\\).*");

        wait.until(b -> drawn(b, "stage-entries-chart") && drawn(b, "mqls-per-rep-chart"));
        assertThat(chartValues(browser, "stage-entries-chart")).as("entries up are positive, down negative")
            .anyMatch(n -> n > 0);
        assertThat(chartLabels(browser, "mqls-per-rep-chart")).as("the demo's reps")
            .containsAnyOf("ana", "bruno", "olga", "sam", "tara", "umar");
        wait.until(b -> !texts(b, "#conversion td[data-mqls]").isEmpty());
        assertThat(texts(browser, "#conversion tbody tr th")).containsExactly("A", "B", "C", "D");
        assertThat(texts(browser, "#conversion td[data-mqls]")).as("a share of MQLs accepted in a cohort")
            .allMatch(cell -> cell.matches("\\d+%of \\d+ MQLs?"));

        String lead = texts(browser, "#feed-stage-changes li a.lead").get(0);
        WebElement search = browser.findElement(By.id("search-input"));
        search.clear();
        search.sendKeys(lead);
        browser.findElement(By.id("search-button")).click();
        wait.until(b -> lead.equals(b.findElement(By.id("explanation")).getDomAttribute("data-lead")));
        WebElement explanation = browser.findElement(By.id("explanation"));
        assertThat(explanation.findElement(By.className("label")).getText()).matches("[A-D]\\d+");
        assertThat(explanation.getText()).contains("Why: every contribution now").contains("Recent stage changes");
        assertThat(explanation.findElements(By.cssSelector("table tr"))).as("the reasons").isNotEmpty();
        assertThat(explanation.findElements(By.cssSelector("ul.feed li"))).as("the lead's stage changes")
            .isNotEmpty();
        wait.until(b -> drawn(b, "score-history-chart"));
        assertThat(chartValues(browser, "score-history-chart")).as("a score at each stage change, then now")
            .hasSizeGreaterThanOrEqualTo(2);
        assertThat(explanation.getText()).contains("Sales status:");

        // The lead's company, one click away: its leads with their parts, and its buying group.
        List<WebElement> accountLinks = explanation.findElements(By.cssSelector("a.account"));
        assertThat(accountLinks).as("every demo lead works for a company").hasSize(1);
        String domain = accountLinks.get(0).getText();
        assertThat(domain).matches("company-\\d+\\.example");
        // The search box, as a seller would: the explanation above is refreshed while the demo runs.
        WebElement accountSearch = browser.findElement(By.id("account-input"));
        accountSearch.clear();
        accountSearch.sendKeys(domain);
        browser.findElement(By.id("account-button")).click();
        wait.until(b -> b.findElement(By.id("account")).getText().contains("Buying group"));
        assertThat(texts(browser, "#account a.lead")).as("the account's leads").contains(lead);
        assertThat(browser.findElement(By.id("account")).findElement(By.className("label")).getText())
            .isIn("unaware", "engaged", "mqa");

        Path screenshot = Path.of("target", "dashboard.png");
        Files.copy(((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath(), screenshot,
            StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(screenshot)).isPositive();
        ((JavascriptExecutor) browser).executeScript(
            "document.getElementById('history-section').scrollIntoView()");
        Path charts = Path.of("target", "dashboard-charts.png");
        Files.copy(((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath(), charts,
            StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(charts)).isPositive();
      } finally {
        browser.quit();
      }
    } finally {
      System.setOut(original);
      demo.interrupt();
      demo.join(WAIT.toMillis());
    }
    assertThat(demo.isAlive()).isFalse();
    assertThat(exit.get()).as(captured.toString(StandardCharsets.UTF_8)).isZero();
  }

  /**
   * The text of every element matching {@code selector}, read in one script: the page redraws every two seconds, so
   * elements found one call earlier may be gone.
   */
  @SuppressWarnings("unchecked")
  private static List<String> texts(WebDriver browser, String selector) {
    return (List<String>) ((JavascriptExecutor) browser).executeScript(
        "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent)", selector);
  }

  /** Whether Chart.js drew the chart on {@code canvasId} with data: it has points, and the canvas has painted pixels. */
  private static boolean drawn(WebDriver browser, String canvasId) {
    return Boolean.TRUE.equals(((JavascriptExecutor) browser).executeScript(
        "const chart = Chart.getChart(arguments[0]);"
            + "if (!chart || !chart.data.datasets.some(d => d.data.some(v => v !== 0))) return false;"
            + "const c = chart.canvas; const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
            + "for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) return true; } return false;",
        canvasId));
  }

  @SuppressWarnings("unchecked")
  private static List<Double> chartValues(WebDriver browser, String canvasId) {
    List<Number> values = (List<Number>) ((JavascriptExecutor) browser).executeScript(
        "return Chart.getChart(arguments[0]).data.datasets.flatMap(d => d.data)", canvasId);
    return values.stream().map(Number::doubleValue).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<String> chartLabels(WebDriver browser, String canvasId) {
    return (List<String>) ((JavascriptExecutor) browser).executeScript(
        "return Chart.getChart(arguments[0]).data.datasets.map(d => d.label)", canvasId);
  }

  private static List<Integer> funnel(WebDriver browser) {
    return texts(browser, "#funnel li .count").stream().map(Integer::parseInt).toList();
  }

  private static String awaitDashboardUrl(ByteArrayOutputStream output) throws InterruptedException {
    Pattern url = Pattern.compile("Dashboard: (http://127\\.0\\.0\\.1:\\d+/)");
    long deadline = System.nanoTime() + WAIT.toNanos() * 2;
    while (System.nanoTime() < deadline) {
      Matcher found = url.matcher(output.toString(StandardCharsets.UTF_8));
      if (found.find()) {
        return found.group(1);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the demo printed no dashboard URL:\n" + output.toString(StandardCharsets.UTF_8));
  }

  /** Flags as this machine's network needs them: without the background ones Chromium keeps dialling out. */
  private static WebDriver chromium() {
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=1500,1000");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }

  /** CI installs Debian's chromium and chromium-driver (.ci/run); a developer machine without them skips. */
  private static void assumeBrowser() {
    boolean available = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (System.getenv("CI") != null) {
      assertThat(available).as("CI must have Debian's chromium and chromium-driver").isTrue();
    }
    assumeTrue(available, "needs Debian's Chromium and its driver: apt-get install chromium chromium-driver");
  }
}
