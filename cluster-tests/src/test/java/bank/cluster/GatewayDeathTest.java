package bank.cluster;

import bank.postgres.PostgresServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("A gateway killed with kill -9 while it has transfers in flight")
class GatewayDeathTest {

  private static final int CLIENTS = 6;
  private static final long INITIAL = 10_000;
  /** How long the clients send transfers through gateway A before it dies: the point of the test, not a wait. */
  private static final long LOAD_BEFORE_KILL_MS = 1_500;

  @RegisterExtension
  static final ProcessCluster cluster = new ProcessCluster("gateway-death");

  /** A transfer sent to gateway A: when ({@link System#nanoTime()}), and A's answer ({@code null}: none, A died). */
  record Sent(String key, JsonObject body, long sentNanos, KeyedClient.Attempt attempt, Http.Response answer) {

    /** A answered it with a definite outcome before it died. */
    boolean answered() {
      return answer != null && (answer.status() == 201 || answer.status() == 422);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    cluster.preferSeparateAddresses().usePostgres(PostgresServer.forTests().newDatabase());
    cluster.startAll(Map.of(Service.AUDIT, 1, Service.ACCOUNT, 1, Service.TRANSFER, 1, Service.GATEWAY, 2));
  }

  @Test
  @DisplayName("gateway B serves at once, a retry at B gets the outcome A's transfer had, and money moves exactly once")
  void retryAtTheOtherGateway() throws Exception {
    Node gatewayA = cluster.live(Service.GATEWAY).get(0);
    Http gatewayB = cluster.live(Service.GATEWAY).get(1).http;
    Bank bank = new Bank(gatewayB);
    String ann = bank.openAccount("ann");
    String bob = bank.openAccount("bob");
    bank.deposit(ann, INITIAL);
    bank.deposit(bob, INITIAL);
    Map<String, Long> initial = bank.balances();

    List<Sent> sent = new CopyOnWriteArrayList<>();
    AtomicLong sequence = new AtomicLong();
    Workers clients = Workers.start("gateway-a", CLIENTS, worker -> sent.add(
        sendTo(gatewayA.http, worker % 2 == 0 ? ann : bob, worker % 2 == 0 ? bob : ann, "a-" + sequence.incrementAndGet())));
    Thread.sleep(LOAD_BEFORE_KILL_MS);
    clients.halt();
    cluster.kill9(gatewayA);
    Http.Response firstAtB = firstAnswer(gatewayB, "/accounts/" + ann);
    clients.stop(Http.TIMEOUT.plusSeconds(5));

    SoftAssertions softly = new SoftAssertions();
    List<KeyedClient.Outcome> atB = new ArrayList<>();
    long inFlightReplayed = 0;
    for (Sent transfer : sent) {
      KeyedClient.Outcome retried = KeyedClient.retry(gatewayB, "/transfers", transfer.body, transfer.key,
          transfer.sentNanos, List.of(transfer.attempt));
      atB.add(retried);
      softly.assertThat(retried.resolved()).as("a definite answer at B within 30 s: %s", retried).isTrue();
      if (!retried.resolved()) {
        continue;
      }
      inFlightReplayed += !transfer.answered() && retried.answer().replayed() ? 1 : 0;
      // What A answered, or (A died first) what B answered first: any later answer must be the same.
      Http.Response original = transfer.answered() ? transfer.answer : retried.answer();
      Http.Response replay = transfer.answered() ? retried.answer()
          : gatewayB.post("/transfers", transfer.body, transfer.key, Http.TIMEOUT);
      softly.assertThat(replay.status()).as("the status of a replay of %s", transfer.key).isEqualTo(original.status());
      softly.assertThat(replay.json()).as("the body of a replay of %s", transfer.key).isEqualTo(original.json());
      softly.assertThat(replay.replayed()).as("Idempotency-Replayed on a replay of %s", transfer.key).isTrue();
      if (original.status() == 201) {
        softly.assertThat(bank.transferStatus(original.json().getString("id"))).as("GET of %s", transfer.key)
            .isEqualTo("COMPLETED");
      }
    }
    Map<String, Long> balances = bank.balances();
    long inFlight = sent.stream().filter(transfer -> !transfer.answered()).count();

    new Report("gateway A killed with " + inFlight + " transfer(s) in flight; retried at gateway B")
        .row("transfers sent to A", sent.size())
        .row("answered by A before it died", sent.size() - inFlight)
        .row("in flight when A died", inFlight)
        .row("of those, replayed at B / first done at B", inFlightReplayed + " / " + (inFlight - inFlightReplayed))
        .row("answers at B by status", Ledger.count(atB, outcome -> outcome.answer() == null ? Http.ERROR : outcome.answer().status()))
        .row("slowest resolution at B (since sent to A)", atB.stream().mapToLong(KeyedClient.Outcome::millis).max().orElse(0) + " ms")
        .row("B's first answer after the kill", firstAtB.status() + " in " + firstAtB.millis() + " ms")
        .row("balances before / after", initial.values() + " / " + balances.values())
        .print();

    softly.assertThat(inFlight).as("transfers in flight when A died (else this test proves little)").isPositive();
    softly.assertThat(firstAtB.status()).as("B's first answer after A died: %s", firstAtB).isEqualTo(200);
    softly.assertThat(Ledger.sum(balances)).as("the total").isEqualTo(Ledger.sum(initial));
    softly.assertThat(Ledger.drift(initial, atB, balances)).as("drift from the answered transfers").isZero();
    softly.assertThat(clients.errors()).as("client errors").isEmpty();
    softly.assertAll();
  }

  /** The gateway's answer, or (none came) a pseudo-answer with the status {@link Http#ERROR}. */
  private static Http.Response firstAnswer(Http gateway, String path) throws InterruptedException {
    long sentAt = System.currentTimeMillis();
    try {
      return gateway.get(path);
    } catch (IOException noAnswer) {
      return new Http.Response(Http.ERROR, Map.of(), noAnswer.toString(), sentAt, System.currentTimeMillis() - sentAt);
    }
  }

  /** One keyed transfer of a random amount sent to gateway A, and its answer if A gave one. */
  private static Sent sendTo(Http gatewayA, String from, String to, String key) throws InterruptedException {
    JsonObject body = new JsonObject().put("from", from).put("to", to)
        .put("amount", ThreadLocalRandom.current().nextLong(1, INITIAL / 4));
    long sentNanos = System.nanoTime();
    long sentAt = System.currentTimeMillis();
    try {
      Http.Response answer = gatewayA.post("/transfers", body, key, Http.TIMEOUT);
      return new Sent(key, body, sentNanos, new KeyedClient.Attempt(sentAt, answer.status(), answer.millis()), answer);
    } catch (IOException aDied) {
      long millis = (System.nanoTime() - sentNanos) / 1_000_000;
      return new Sent(key, body, sentNanos, new KeyedClient.Attempt(sentAt, Http.ERROR, millis), null);
    }
  }
}
