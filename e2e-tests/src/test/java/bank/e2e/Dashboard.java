package bank.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator dashboard as a test drives it: Debian's headless Chromium through Debian's
 * chromedriver (paths given, so that Selenium Manager never downloads anything), one method per
 * thing an operator does, each waiting until the page shows its outcome.
 */
final class Dashboard {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Pattern TRANSFER_ID = Pattern.compile("transfer (tr_\\w+)");

  private final ChromeDriver driver;

  private Dashboard(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Skips the calling test unless Chromium and its driver are installed. */
  static void assumeChromium() {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "the dashboard test needs Chromium and its driver: apt-get install -y chromium chromium-driver");
  }

  static Dashboard start() {
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,1600",
            "--lang=en-US");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    return new Dashboard(new ChromeDriver(service, options));
  }

  /**
   * Opens the page afresh, as an operator does: with no token yet (its first calls get 401s), then
   * pastes this one (kept in the tab's sessionStorage).
   */
  Dashboard open(String url, String token) {
    openAnonymously(url);
    type(By.id("token"), token);
    driver.findElement(By.cssSelector("#token-form button[type=submit]")).click();
    waitForText("token-status", "Signed in as");
    return this;
  }

  /** Opens the page afresh with no token; the console's errors are counted from here. */
  Dashboard openAnonymously(String url) {
    // A file of the same origin that runs no script: forget the last test's token there.
    driver.get(url + "ui/favicon.svg");
    driver.executeScript("sessionStorage.clear()");
    driver.manage().logs().get(LogType.BROWSER);
    driver.get(url);
    waitForText("token-status", "No token");
    return this;
  }

  /** Waits until the live stream is open: it sends the events recorded from then on. */
  void waitUntilLive() {
    waitForText("stream-status", "new events appear");
  }

  /** Shows only the accounts whose owner, id or currency contains this text. */
  void filterAccounts(String text) {
    type(By.id("accounts-filter"), text);
  }

  /** Opens an account through the form and returns its id, once the account list shows it. */
  String openAccount(String owner, String currency) {
    type(By.id("open-owner"), owner);
    type(By.id("open-currency"), currency);
    submit("open-form");
    By row = By.xpath("//tbody[@id='accounts-rows']/tr[td[1][normalize-space()='" + owner + "']]");
    // Read in the wait: the list is drawn again whenever an event arrives, which makes a row found a moment ago stale.
    return until(() -> "no account row for " + owner, browser -> browser.findElement(row).getDomAttribute("data-account-id"));
  }

  void deposit(String account, String amount) {
    type(By.id("deposit-account"), account);
    type(By.id("deposit-amount"), amount);
    submit("deposit-form");
  }

  /** Submits the transfer form; returns the message shown next to it. */
  String transfer(String from, String to, String amount, String reference) {
    type(By.id("transfer-from"), from);
    type(By.id("transfer-to"), to);
    type(By.id("transfer-amount"), amount);
    type(By.id("transfer-reference"), reference);
    return submit("transfer-form");
  }

  static String transferId(String message) {
    Matcher matcher = TRANSFER_ID.matcher(message);
    if (!matcher.find()) {
      throw new AssertionError("no transfer id in: " + message);
    }
    return matcher.group(1);
  }

  /** Waits until the account's row shows this balance, e.g. "74.50 EUR". */
  void waitForBalance(String account, String balance) {
    until(() -> account + " shows " + textOf(balanceCell(account)),
        ExpectedConditions.textToBePresentInElementLocated(balanceCell(account), balance));
  }

  /** The text of the live list's item for this audit event (type and entity id), once it is shown. */
  String waitForEvent(String type, String entityId) {
    return textOnceShown(By.cssSelector("#events li[data-type='" + type + "'][data-entity-id='" + entityId + "']"));
  }

  /** The text of the recent transfers' row for this transfer, once it is shown. */
  String waitForTransferRow(String transferId) {
    return textOnceShown(By.cssSelector("#transfers-rows tr[data-transfer-id='" + transferId + "']"));
  }

  /** Waits until the element shows this text, and returns all its text. */
  String waitForText(String id, String text) {
    until(() -> "#" + id + " shows: " + textOf(By.id(id)), ExpectedConditions.textToBePresentInElementLocated(By.id(id), text));
    return driver.findElement(By.id(id)).getText();
  }

  void click(String id) {
    driver.findElement(By.id(id)).click();
  }

  /**
   * The browser console's errors since the page was opened: script errors, CSP violations, failed
   * loads; but not the 401s of the calls made before the token was entered, nor a readiness check
   * that found the cluster not ready (503: the page shows it, the test does not depend on it).
   */
  List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .filter(message -> !message.contains("status of 401"))
        .filter(message -> !(message.contains("/health/ready") && message.contains("status of 503")))
        .toList();
  }

  Path screenshot(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    driver.executeScript("window.scrollTo(0, 0)");
    File shot = driver.getScreenshotAs(OutputType.FILE);
    return Files.move(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING).toAbsolutePath();
  }

  void quit() {
    driver.quit();
  }

  /** Submits the form and waits for its outcome; returns the message shown next to it. */
  private String submit(String form) {
    driver.findElement(By.cssSelector("#" + form + " button[type=submit]")).click();
    By result = By.cssSelector("#" + form + " .result");
    until(() -> "#" + form + " shows: " + textOf(result), ExpectedConditions.or(
            ExpectedConditions.attributeToBe(result, "data-kind", "ok"),
            ExpectedConditions.attributeToBe(result, "data-kind", "bad")));
    return driver.findElement(result).getText();
  }

  /** Read in the wait: lists are drawn again as events arrive, which makes an element found a moment ago stale. */
  private String textOnceShown(By locator) {
    return until(() -> "nothing matches " + locator, browser -> {
      WebElement element = browser.findElement(locator);
      return element.isDisplayed() ? element.getText() : null;
    });
  }

  private <T> T until(Supplier<String> failure, ExpectedCondition<T> condition) {
    return new WebDriverWait(driver, WAIT).withMessage(failure).ignoring(StaleElementReferenceException.class)
        .until(condition);
  }

  private void type(By field, String text) {
    WebElement input = driver.findElement(field);
    input.clear();
    input.sendKeys(text);
  }

  private String textOf(By locator) {
    try {
      return driver.findElements(locator).stream().findFirst().map(WebElement::getText).orElse("(nothing)");
    } catch (StaleElementReferenceException e) {
      return "(being drawn again)";
    }
  }

  private static By balanceCell(String account) {
    return By.cssSelector("#accounts-rows tr[data-account-id='" + account + "'] td.balance");
  }
}
