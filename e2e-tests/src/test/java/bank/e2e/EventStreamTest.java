package bank.e2e;

import static bank.testing.Blocking.await;
import static org.assertj.core.api.Assertions.assertThat;

import bank.common.ClusteredVertx;
import bank.common.NodeConfig;
import bank.common.Wire;
import bank.contracts.audit.AuditService;
import bank.testing.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code GET /events}: the audit trail live, as Server-Sent Events. Waits run on the test thread. */
@DisplayName("Clients follow the ledger live over Server-Sent Events")
class EventStreamTest {

  private static final Duration WITHIN = Duration.ofSeconds(20);

  private final Vertx vertx = Vertx.vertx();
  private HttpClient http;
  private BankCluster bank;
  private Api admin;

  @BeforeEach
  void connect() throws Exception {
    bank = BankCluster.atBaseline();
    admin = new Api(vertx, bank.httpPort);
    http = vertx.createHttpClient();
  }

  @AfterEach
  void close() {
    admin.close();
    vertx.close();
  }

  @Test
  @DisplayName("an event recorded after the client connected arrives with its seq as id and its type as event name")
  void live() {
    Stream stream = follow(Tokens.testAdmin(), "/events", null);
    String account = await(admin.openAccount("EUR"));
    await(admin.deposit(account, 250));
    List<Sse> received = stream.until(events -> events.stream().anyMatch(event -> event.about(account, "DepositMade")));
    Sse deposit = received.stream().filter(event -> event.about(account, "DepositMade")).findFirst().orElseThrow();
    assertThat(deposit.id()).isEqualTo(String.valueOf(deposit.data().getLong("seq")));
    assertThat(deposit.data().getJsonObject("data").getLong("amount")).isEqualTo(250);
    assertThat(received).extracting(event -> event.data().getLong("seq")).isSorted();
  }

  @Test
  @DisplayName("with Last-Event-ID the stream resumes right after that seq, in order, for the account asked for")
  void resumes() {
    String account = await(admin.openAccount("EUR"));
    await(admin.deposit(account, 300));
    await(admin.post("/accounts/" + account + "/withdrawals", new JsonObject().put("amount", 100)));
    List<JsonObject> trail = await(Eventually.poll(vertx, WITHIN,
        () -> admin.get("/audit?accountId=" + account).map(page -> page.bodyAsJsonObject().getJsonArray("items").stream()
            .map(JsonObject.class::cast).toList()),
        events -> events.size() == 3));
    long opened = trail.get(0).getLong("seq");

    Stream stream = follow(Tokens.testAdmin(), "/events?accountId=" + account, opened);
    List<Sse> received = stream.until(events -> events.size() >= 2);
    assertThat(received).extracting(Sse::event).containsExactly("DepositMade", "WithdrawalMade");
    assertThat(received).extracting(event -> event.data().getLong("seq"))
        .containsExactly(trail.get(1).getLong("seq"), trail.get(2).getLong("seq"));
  }

  @Test
  @DisplayName("a customer's stream carries the events of its own accounts only, and another's account is a 404")
  void customerSeesOwnOnly() {
    String ann = Tokens.hs256(Tokens.TEST_SECRET, Tokens.claims("ann-" + System.nanoTime(), "customer"));
    String teller = Tokens.hs256(Tokens.TEST_SECRET, Tokens.claims("tom", "teller"));
    String others = await(admin.openAccount("EUR"));
    Stream stream = follow(ann, "/events", null);
    Api asAnn = new Api(vertx, bank.httpPort, ann);
    String own = await(asAnn.post("/accounts", new JsonObject().put("owner", claimsSubject(ann)).put("currency", "EUR")))
        .bodyAsJsonObject().getString("id");
    Api asTeller = new Api(vertx, bank.httpPort, teller);
    await(asTeller.deposit(others, 40));
    await(asTeller.deposit(own, 60));

    List<Sse> received = stream.until(events -> events.stream().anyMatch(event -> event.about(own, "DepositMade")));
    assertThat(received).allMatch(event -> event.data().getJsonArray("accountIds").contains(own));
    assertThat(received).extracting(Sse::event).containsExactly("AccountOpened", "DepositMade");
    assertThat(status(ann, "/events?accountId=" + others)).isEqualTo(404);
  }

  @Test
  @DisplayName("a notice that another bank in the cluster publishes (a seq of its own trail) does not move the stream: the bank's next event arrives")
  void anotherBanksNotice() {
    Vertx stranger = await(ClusteredVertx.start(NodeConfig.loopback(BankCluster.CLUSTER_NAME).withBankId("stranger-bank")
        .withTls(BankCluster.CERTIFICATES.clusterTls("audit"))));
    try {
      Stream stream = follow(Tokens.testAdmin(), "/events", null);
      JsonObject notice = new JsonObject().put("seq", 1_000_000_000L);
      Promise<Void> arrived = Promise.promise();
      MessageConsumer<JsonObject> gatewayNode = bank.gatewayNode.eventBus().<JsonObject>consumer(AuditService.EVENTS_ADDRESS,
          event -> arrived.tryComplete());
      await(gatewayNode.completion());
      stranger.eventBus().publish(AuditService.EVENTS_ADDRESS, notice, Wire.fromBank(new DeliveryOptions(), "stranger-bank"));
      await(arrived.future().eventually(gatewayNode::unregister));
      String account = await(admin.openAccount("EUR"));
      stream.until(events -> events.stream().anyMatch(event -> event.about(account, "AccountOpened")));
    } finally {
      await(stranger.close());
    }
  }

  @Test
  @DisplayName("a Last-Event-ID that is not a seq is a 400")
  void badLastEventId() {
    RequestOptions request = new RequestOptions().setHost("127.0.0.1").setPort(bank.httpPort).setURI("/events")
        .putHeader("Authorization", "Bearer " + Tokens.testAdmin()).putHeader("Last-Event-ID", "-1");
    assertThat(await(http.request(request).compose(sent -> sent.send())).statusCode()).isEqualTo(400);
  }

  /** Opens a stream and collects its events in the background. */
  private Stream follow(String token, String uri, Long lastEventId) {
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(bank.httpPort)
        .setURI(uri).putHeader("Authorization", "Bearer " + token);
    if (lastEventId != null) {
      request.putHeader("Last-Event-ID", String.valueOf(lastEventId));
    }
    Stream stream = new Stream();
    // The handler is set on the event loop as the response arrives: set later, on the test thread,
    // it would miss the events the gateway writes at once (a resumed stream's backlog).
    HttpClientResponse response = await(http.request(request).compose(sent -> sent.send().map(arrived -> {
      arrived.handler(chunk -> stream.feed(chunk.toString()));
      return arrived;
    })));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("text/event-stream");
    return stream;
  }

  private int status(String token, String uri) {
    RequestOptions request = new RequestOptions().setHost("127.0.0.1").setPort(bank.httpPort).setURI(uri)
        .putHeader("Authorization", "Bearer " + token);
    return await(http.request(request).compose(sent -> sent.send())).statusCode();
  }

  private static String claimsSubject(String token) {
    String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    return new JsonObject(payload).getString("sub");
  }

  /** One Server-Sent Event. */
  record Sse(String id, String event, JsonObject data) {
    boolean about(String account, String type) {
      return type.equals(event) && data.getJsonArray("accountIds").contains(account);
    }
  }

  /** The events of one stream so far, parsed from its text as it arrives. */
  private final class Stream {
    private final List<Sse> events = new CopyOnWriteArrayList<>();
    private final StringBuilder pending = new StringBuilder();

    synchronized void feed(String text) {
      pending.append(text);
      int end;
      while ((end = pending.indexOf("\n\n")) >= 0) {
        String block = pending.substring(0, end);
        pending.delete(0, end + 2);
        parse(block);
      }
    }

    private void parse(String block) {
      String id = null;
      String event = null;
      String data = null;
      for (String line : block.split("\n")) {
        if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = line.substring(6);
        }
      }
      if (data != null) {
        events.add(new Sse(id, event, new JsonObject(data)));
      }
    }

    List<Sse> until(java.util.function.Predicate<List<Sse>> done) {
      return await(Eventually.poll(vertx, WITHIN, () -> Future.succeededFuture(List.copyOf(events)), done));
    }
  }
}
