package bank.cluster;

import bank.testing.Tokens;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * A small blocking HTTP client of one gateway (java.net.http, HTTP/1.1), as a test would call it
 * with curl. It counts every answer by status ({@link #ERROR} for a connection error or a time-out),
 * keeps the first server errors it saw and records every exchange (when, how long, what answer), so
 * that a test can report what its clients went through.
 */
final class Http {

  /** The status counted for a request that got no HTTP answer (connection refused or reset, time-out). */
  static final int ERROR = -1;
  static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final int KEPT_FAILURES = 50;
  /** Every request is an administrator's: the clusters' gateways verify tokens with the tests' secret. */
  private static final String TOKEN = Tokens.testAdmin();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2))
      .build();

  /** An answer, and when its request was sent (epoch millis) and how long it took. */
  record Response(int status, Map<String, List<String>> headers, String body, long sentAt, long millis) {

    JsonObject json() {
      return new JsonObject(body);
    }

    boolean replayed() {
      return "true".equals(header("Idempotency-Replayed"));
    }

    String header(String name) {
      return headers.entrySet().stream()
          .filter(entry -> entry.getKey().equalsIgnoreCase(name))
          .map(entry -> entry.getValue().get(0))
          .findFirst().orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  /**
   * One request and its answer: sent at (epoch millis), how long until the answer (or the failure),
   * the status ({@link #ERROR}: none), and for an answer that is no outcome (409, 429, 5xx, none)
   * the reason: the problem's detail, or the exception.
   */
  record Exchange(String method, String path, long sentAt, long millis, int status, String reason) {

    /** 2xx, or a 422 (a recorded rejection): an outcome, not a failure to answer. */
    boolean definite() {
      return status / 100 == 2 || status == 422;
    }

    long answeredAt() {
      return sentAt + millis;
    }
  }

  private final URI base;
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final Queue<Exchange> exchanges = new ConcurrentLinkedQueue<>();

  Http(URI base) {
    this.base = base;
  }

  URI base() {
    return base;
  }

  Response get(String path) throws IOException, InterruptedException {
    return get(path, TIMEOUT);
  }

  Response get(String path, Duration timeout) throws IOException, InterruptedException {
    return send(request(path, timeout).GET().build());
  }

  Response post(String path, JsonObject body) throws IOException, InterruptedException {
    return post(path, body, null, TIMEOUT);
  }

  Response post(String path, JsonObject body, String idempotencyKey, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = request(path, timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return send(request.build());
  }

  /** How many requests got each status ({@link #ERROR}: no answer). */
  Map<Integer, Long> statuses() {
    Map<Integer, Long> counts = new TreeMap<>();
    statuses.forEach((status, count) -> counts.put(status, count.sum()));
    return counts;
  }

  long requests() {
    return statuses.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Every request answered or failed so far, in the order they ended. */
  List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  /** The first server errors and connection failures, each as "time method path: what happened". */
  List<String> failures() {
    return List.copyOf(failures);
  }

  private HttpRequest.Builder request(String path, Duration timeout) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Authorization", "Bearer " + TOKEN);
  }

  private Response send(HttpRequest request) throws IOException, InterruptedException {
    long sentAt = System.currentTimeMillis();
    long started = System.nanoTime();
    try {
      return count(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()), sentAt, started);
    } catch (IOException e) {
      failed(request, sentAt, started, e);
      throw e;
    }
  }

  private Response count(HttpResponse<String> answer, long sentAt, long started) {
    long millis = (System.nanoTime() - started) / 1_000_000;
    tally(answer.statusCode());
    if (answer.statusCode() >= 500) {
      remember(sentAt, answer.request(), answer.statusCode() + " " + answer.body());
    }
    Response response = new Response(answer.statusCode(), answer.headers().map(), answer.body(), sentAt, millis);
    HttpRequest request = answer.request();
    exchanges.add(new Exchange(request.method(), request.uri().getPath(), sentAt, millis, answer.statusCode(),
        Reasons.of(response)));
    return response;
  }

  private void failed(HttpRequest request, long sentAt, long started, Throwable failure) {
    long millis = (System.nanoTime() - started) / 1_000_000;
    tally(ERROR);
    remember(sentAt, request, failure.getClass().getSimpleName() + " " + failure.getMessage());
    exchanges.add(new Exchange(request.method(), request.uri().getPath(), sentAt, millis, ERROR, Reasons.of(failure)));
  }

  private void tally(int status) {
    statuses.computeIfAbsent(status, key -> new LongAdder()).increment();
  }

  private void remember(long sentAt, HttpRequest request, String what) {
    if (failures.size() < KEPT_FAILURES) {
      failures.add(Report.clock(sentAt) + " " + request.method() + " " + request.uri().getPath() + ": " + what);
    }
  }
}
