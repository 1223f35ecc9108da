package bank.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import bank.testing.Tokens;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator dashboard served by the gateway at {@code /}, driven in headless Chromium against the
 * real cluster: what an operator types and what the page then shows, the live event stream included.
 * Skipped when Chromium is not installed (CI installs it).
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The operator dashboard, in a browser")
class DashboardTest {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardTest.class);
  private static final Path SCREENSHOT = Path.of("target", "dashboard.png");

  private static Dashboard dashboard;
  private static String url;
  /** This run's owners start with it: the accounts filter then shows only this test's accounts. */
  private final String run = "dash-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void start() throws Exception {
    Dashboard.assumeChromium();
    url = "http://127.0.0.1:" + BankCluster.atBaseline().httpPort + "/";
    dashboard = Dashboard.start();
  }

  @AfterAll
  static void stop() {
    if (dashboard != null) {
      dashboard.quit();
    }
  }

  @Test
  @DisplayName("an operator opens two accounts, funds one and pays the other; the transfer and both balances show up live")
  void moneyMovesOnScreen(Vertx vertx) throws Exception {
    dashboard.open(url, Tokens.testAdmin()).filterAccounts(run);
    dashboard.waitUntilLive();
    String ann = dashboard.openAccount(run + "-ann", "EUR");
    String bob = dashboard.openAccount(run + "-bob", "EUR");

    dashboard.deposit(ann, "100.00");
    dashboard.waitForBalance(ann, "100.00 EUR");
    // 25.29 * 100 is 2528.9999999999995 in floating point: the page must read it as 2529 cents.
    String transfer = Dashboard.transferId(dashboard.transfer(ann, bob, "25.29", "rent"));

    assertThat(dashboard.waitForEvent("TransferCompleted", transfer)).contains("25.29 EUR");
    dashboard.waitForBalance(ann, "74.71 EUR");
    dashboard.waitForBalance(bob, "25.29 EUR");
    assertThat(dashboard.waitForTransferRow(transfer)).contains("25.29 EUR", "COMPLETED", "rent");

    // Money moved by another client reaches the page only through the event stream.
    Api api = new Api(vertx, BankCluster.atBaseline().httpPort);
    api.deposit(bob, 1_000).await(10, TimeUnit.SECONDS);
    dashboard.waitForBalance(bob, "35.29 EUR");

    LOG.info("dashboard screenshot: {}", dashboard.screenshot(SCREENSHOT));
    assertThat(dashboard.consoleErrors()).as("browser console errors (CSP violations, script errors)").isEmpty();
  }

  @Test
  @DisplayName("a transfer larger than the balance shows the ledger's problem next to the form, and a rejected row")
  void rejectedTransferIsExplained() {
    dashboard.open(url, Tokens.testAdmin()).filterAccounts(run);
    dashboard.waitUntilLive();
    String ann = dashboard.openAccount(run + "-ann", "EUR");
    String bob = dashboard.openAccount(run + "-bob", "EUR");

    String problem = dashboard.transfer(ann, bob, "10.00", "too much");

    assertThat(problem).contains("(422)");
    assertThat(dashboard.waitForTransferRow(Dashboard.transferId(problem))).contains("10.00 EUR", "REJECTED");
  }

  @Test
  @DisplayName("without a token the page says plainly that the gateway answered 401, and 403 for a role that may not read")
  void refusalsAreShownPlainly() {
    dashboard.openAnonymously(url);
    assertThat(dashboard.waitForText("accounts-status", "401")).contains("token");

    dashboard.open(url, Tokens.hs256(Tokens.TEST_SECRET, Tokens.claims(run, "teller")));
    assertThat(dashboard.waitForText("transfers-status", "auditor or admin")).contains("History unavailable");
  }
}
