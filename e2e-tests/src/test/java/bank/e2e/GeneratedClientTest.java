package bank.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import bank.client.ApiClient;
import bank.client.ApiException;
import bank.client.api.AccountsApi;
import bank.client.api.AuditApi;
import bank.client.api.OperationsApi;
import bank.client.api.TransfersApi;
import bank.client.model.Account;
import bank.client.model.AccountPage;
import bank.client.model.AuditEvent;
import bank.client.model.AuditEventPage;
import bank.client.model.FullVerification;
import bank.client.model.MovementRequest;
import bank.client.model.OpenAccountRequest;
import bank.client.model.Problem;
import bank.client.model.Transfer;
import bank.client.model.TransferRequest;
import bank.testing.Blocking;
import bank.testing.Tokens;
import com.fasterxml.jackson.databind.DeserializationFeature;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bank through the Java client that openapi-generator (generator "java", library "native") makes
 * from the gateway's /openapi.yaml at every build, as a user would: if the document lets the generator
 * pick the wrong types (a 32-bit money field) or leaves out a field the bank sends, this fails.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A Java client generated from /openapi.yaml")
class GeneratedClientTest {

  /** Past 2^31 minor units, where an int32 field breaks. */
  private static final long LARGE = 100_000_000_000L;

  private AccountsApi accounts;
  private TransfersApi transfers;
  private AuditApi audit;
  private OperationsApi operations;

  @BeforeEach
  void connect() throws Exception {
    ApiClient client = new ApiClient()
        .setScheme("http").setHost("127.0.0.1").setPort(BankCluster.atBaseline().httpPort)
        .setRequestInterceptor(request -> request.header("Authorization", "Bearer " + Tokens.testAdmin()));
    // Strict: a field the bank sends that the document does not describe fails the read.
    client.setObjectMapper(client.getObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
    accounts = new AccountsApi(client);
    transfers = new TransfersApi(client);
    audit = new AuditApi(client);
    operations = new OperationsApi(client);
  }

  @Test
  @DisplayName("opens, deposits, transfers and reads balances past 2^31 minor units")
  void movesLargeAmounts() throws Exception {
    Account ann = accounts.openAccount(new OpenAccountRequest().owner("ann").currency("EUR"));
    Account bob = accounts.openAccount(new OpenAccountRequest().owner("bob").currency("EUR"));
    assertThat(ann.getBalance()).isZero();

    String key = UUID.randomUUID().toString();
    assertThat(accounts.deposit(ann.getId(), new MovementRequest().amount(LARGE), key).getBalance()).isEqualTo(LARGE);
    // The same key again is the same deposit, not a second one.
    assertThat(accounts.deposit(ann.getId(), new MovementRequest().amount(LARGE), key).getBalance()).isEqualTo(LARGE);
    assertThat(accounts.deposit(ann.getId(), new MovementRequest().amount(250L), null).getBalance()).isEqualTo(LARGE + 250);

    Transfer transfer = transfers.createTransfer(
        new TransferRequest().from(ann.getId()).to(bob.getId()).amount(3_000_000_000L).reference("car"), null);
    assertThat(transfer.getStatus()).isEqualTo(Transfer.StatusEnum.COMPLETED);
    assertThat(transfer.getAmount()).isEqualTo(3_000_000_000L);
    assertThat(transfers.getTransfer(transfer.getId()).getAmount()).isEqualTo(3_000_000_000L);

    assertThat(accounts.getAccount(ann.getId()).getBalance()).isEqualTo(LARGE + 250 - 3_000_000_000L);
    assertThat(accounts.withdraw(bob.getId(), new MovementRequest().amount(1L), null).getBalance())
        .isEqualTo(2_999_999_999L);
    assertThat(accounts.listAccountTransfers(ann.getId(), 10, null).getItems())
        .extracting(Transfer::getId).containsExactly(transfer.getId());
    assertThat(findAccount(ann.getId()).getBalance()).isEqualTo(LARGE + 250 - 3_000_000_000L);
  }

  @Test
  @DisplayName("reads a refused transfer's problem and its record")
  void readsTheRefusal() throws Exception {
    Account ann = accounts.openAccount(new OpenAccountRequest().owner("ann").currency("EUR"));
    Account bob = accounts.openAccount(new OpenAccountRequest().owner("bob").currency("EUR"));

    ApiException refused = catchThrowableOfType(ApiException.class, () -> transfers.createTransfer(
        new TransferRequest().from(ann.getId()).to(bob.getId()).amount(LARGE), null));

    assertThat(refused.getCode()).isEqualTo(422);
    Problem problem = new ApiClient().getObjectMapper().readValue(refused.getResponseBody(), Problem.class);
    assertThat(problem.getStatus()).isEqualTo(422);
    assertThat(problem.getTransferId()).isNotBlank();
    Transfer recorded = transfers.getTransfer(problem.getTransferId());
    assertThat(recorded.getStatus()).isEqualTo(Transfer.StatusEnum.REJECTED);
    assertThat(recorded.getAmount()).isEqualTo(LARGE);
    assertThat(accounts.getAccount(ann.getId()).getBalance()).isZero();
  }

  @Test
  @DisplayName("reads the audit trail, its verification and the health endpoints")
  void readsTheTrail(Vertx vertx) throws Exception {
    Account ann = accounts.openAccount(new OpenAccountRequest().owner("ann").currency("EUR"));
    accounts.deposit(ann.getId(), new MovementRequest().amount(LARGE), null);

    // The trail is written from events, so it may lag the reply by a moment.
    AuditEventPage trail = Blocking.await(Eventually.poll(vertx, Duration.ofSeconds(10),
        () -> vertx.executeBlocking(() -> audit.listAudit(ann.getId(), 10, null)),
        page -> page.getItems().size() == 2));
    assertThat(trail.getItems()).extracting(AuditEvent::getType)
        .containsExactly(AuditEvent.TypeEnum.ACCOUNT_OPENED, AuditEvent.TypeEnum.DEPOSIT_MADE);
    assertThat(trail.getItems().get(1).getSeq()).isGreaterThan(trail.getItems().get(0).getSeq());
    assertThat(audit.verifyAudit().getIntact()).isTrue();
    String run = audit.startFullVerification().getId();
    FullVerification done = Blocking.await(Eventually.poll(vertx, Duration.ofSeconds(10),
        () -> vertx.executeBlocking(() -> audit.getFullVerification(run)),
        verification -> verification.getStatus() == FullVerification.StatusEnum.DONE));
    assertThat(done.getVerdict().getVerifiedAfter()).isZero();
    assertThat(accounts.reconcile().getFull()).isFalse();
    assertThat(accounts.reconcileWholeLedger().getFull()).isTrue();

    assertThat(operations.health().getStatus()).isEqualTo(bank.client.model.Liveness.StatusEnum.UP);
    assertThat(operations.ready().getChecks()).isNotEmpty();
    // Not operations.openapi(): this generator reads every String answer as JSON, YAML too.
  }

  @Test
  @DisplayName("was generated from the very document the gateway serves at /openapi.yaml")
  void generatedFromTheServedDocument() throws Exception {
    // The build generates the client from the gateway module's source file (see this module's pom).
    String source = Files.readString(Path.of("..", "api-gateway", "src", "main", "resources", "openapi.yaml"));
    HttpResponse<String> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + BankCluster.atBaseline().httpPort + "/openapi.yaml")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.body()).isEqualTo(source);
  }

  /** The account as the listing shows it, page by page. */
  private Account findAccount(String id) throws ApiException {
    String after = null;
    do {
      AccountPage page = accounts.listAccounts(1000, after);
      for (Account account : page.getItems()) {
        if (account.getId().equals(id)) {
          return account;
        }
      }
      after = page.getNext();
    } while (after != null);
    throw new AssertionError("account " + id + " is not listed");
  }
}
