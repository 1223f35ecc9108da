package bank.cluster;

import bank.testing.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many connections of keyed transfers driven from one event loop (Vert.x's HTTP client, a pooled
 * keep-alive connection per client): each client sends a transfer and, on a 409, 429, 5xx or no
 * answer, the same request with the same key 250 ms later (about {@code Retry-After} later when the
 * answer says so), as {@link KeyedClient} does, until a
 * definite answer or 30 s after its first attempt; then its next transfer. Each client is a caller
 * of its own (its own token), as 512 customers would be, so that the gateway's per-caller rate
 * limit is not what refuses them. Clients are added while it runs; every request is recorded.
 */
final class ConnectionLoad {

  private static final long TIMEOUT_MS = Http.TIMEOUT.toMillis();

  /** A transfer in progress: its key, body, first attempt ({@link System#nanoTime()}) and attempts so far. */
  private record Transfer(String key, JsonObject body, long firstSent, List<KeyedClient.Attempt> attempts) {
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpClientAgent client;
  private final URI gateway;
  private final List<String> accounts;
  private final long maxAmount;
  private final Queue<Http.Exchange> exchanges = new ConcurrentLinkedQueue<>();
  private final Queue<KeyedClient.Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final AtomicInteger clients = new AtomicInteger();
  private final AtomicInteger busy = new AtomicInteger();
  private final AtomicLong sequence = new AtomicLong();
  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private volatile boolean stopping;

  ConnectionLoad(URI gateway, List<String> accounts, long maxAmount, int maxConnections) {
    this.gateway = gateway;
    this.accounts = List.copyOf(accounts);
    this.maxAmount = maxAmount;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(2_000),
        new PoolOptions().setHttp1MaxSize(maxConnections));
  }

  /** Adds clients until there are {@code count}. */
  void clients(int count) {
    while (clients.get() < count) {
      String token = Tokens.hs256(Tokens.TEST_SECRET, Tokens.claims("overload-client-" + clients.incrementAndGet(), "admin"));
      busy.incrementAndGet();
      vertx.runOnContext(start -> next(token));
    }
  }

  /** No new transfers from now on; waits until each client's last one is resolved or given up, then closes the client. */
  void stop() throws InterruptedException {
    stopping = true;
    Poll.until("every overload client done", KeyedClient.BOUND.plus(Http.TIMEOUT), busy::get, count -> count == 0);
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }

  List<Http.Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  List<KeyedClient.Outcome> outcomes() {
    return List.copyOf(outcomes);
  }

  private void next(String token) {
    if (stopping) {
      busy.decrementAndGet();
      return;
    }
    String from = ProcessCluster.any(accounts);
    String to = ProcessCluster.any(accounts.stream().filter(account -> !account.equals(from)).toList());
    JsonObject body = new JsonObject().put("from", from).put("to", to)
        .put("amount", ThreadLocalRandom.current().nextLong(1, maxAmount + 1));
    attempt(token, new Transfer("overload-" + run + "-" + sequence.incrementAndGet(), body, System.nanoTime(), new ArrayList<>()));
  }

  private void attempt(String token, Transfer transfer) {
    long sentAt = System.currentTimeMillis();
    long started = System.nanoTime();
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
        .setHost(gateway.getHost()).setPort(gateway.getPort()).setURI("/transfers")
        .setIdleTimeout(TIMEOUT_MS)
        .putHeader("Authorization", "Bearer " + token)
        .putHeader("Content-Type", "application/json")
        .putHeader("Idempotency-Key", transfer.key);
    client.request(request)
        .compose(sending -> sending.send(Buffer.buffer(transfer.body.encode())))
        .compose(response -> response.body().map(buffer -> answer(response, buffer, sentAt, started)))
        .onComplete(done -> {
          long millis = (System.nanoTime() - started) / 1_000_000;
          int status = done.succeeded() ? done.result().status() : Http.ERROR;
          String reason = done.succeeded() ? Reasons.of(done.result()) : Reasons.of(done.cause());
          exchanges.add(new Http.Exchange("POST", "/transfers", sentAt, millis, status, reason));
          transfer.attempts.add(new KeyedClient.Attempt(sentAt, status, millis));
          Http.Response answer = done.succeeded() ? done.result() : null;
          boolean retry = answer == null || KeyedClient.worthRetrying(status);
          long backoffMs = KeyedClient.backoffMs(answer);
          if (retry && System.nanoTime() + backoffMs * 1_000_000 < transfer.firstSent + KeyedClient.BOUND.toNanos()) {
            vertx.setTimer(backoffMs, later -> attempt(token, transfer));
            return;
          }
          outcomes.add(new KeyedClient.Outcome(transfer.key, transfer.body, List.copyOf(transfer.attempts), answer,
              (System.nanoTime() - transfer.firstSent) / 1_000_000));
          next(token);
        });
  }

  private static Http.Response answer(HttpClientResponse response, Buffer body, long sentAt, long started) {
    Map<String, List<String>> headers = new HashMap<>();
    response.headers().forEach(header -> headers.computeIfAbsent(header.getKey(), name -> new ArrayList<>()).add(header.getValue()));
    return new Http.Response(response.statusCode(), headers, body.toString(), sentAt, (System.nanoTime() - started) / 1_000_000);
  }
}
