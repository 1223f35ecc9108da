package bank.cluster;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A client that does what the contract tells a client to do: POST with an Idempotency-Key and, on
 * a 409, a 429, a 5xx or no answer at all, send the same request with the same key again after a
 * short pause (or, when the answer says {@code Retry-After}, after about that long), until a definite
 * answer (201 or 422) or until 30 s have passed since the first attempt.
 */
final class KeyedClient {

  /** The contract: a retry with the same key reaches a definite answer within 30 s. */
  static final Duration BOUND = Duration.ofSeconds(30);
  static final long BACKOFF_MS = 250;

  /** One HTTP attempt: when it was sent (epoch millis), its status ({@link Http#ERROR}: no answer), how long it took. */
  record Attempt(long sentAt, int status, long millis) {
  }

  /** Every attempt made with one key, and the last answer ({@code null} if none came). */
  record Outcome(String key, JsonObject body, List<Attempt> attempts, Http.Response answer, long millis) {

    /** A definite answer: 201 (done) or 422 (recorded as rejected). */
    boolean resolved() {
      return answer != null && (answer.status() == 201 || answer.status() == 422);
    }

    boolean completed() {
      return answer != null && answer.status() == 201;
    }

    boolean rejected() {
      return answer != null && answer.status() == 422;
    }

    /** One line: the key, when it was first sent, how many attempts got each status, and the last answer. */
    String summary() {
      String first = attempts.isEmpty() ? "never sent" : "first sent " + Report.clock(attempts.get(0).sentAt());
      return key + " " + first + ", attempts by status " + Ledger.count(attempts, Attempt::status) + " in " + millis
          + " ms, last answer " + (answer == null ? "none" : Reasons.of(answer) == null ? answer.status() : Reasons.of(answer));
    }

    @Override
    public String toString() {
      return key + " " + body.encode() + " -> " + attempts.stream().map(Attempt::status).toList()
          + " in " + millis + " ms, last answer " + answer;
    }
  }

  private KeyedClient() {
  }

  static Outcome post(Http gateway, String path, JsonObject body, String key) throws InterruptedException {
    return retry(gateway, path, body, key, System.nanoTime(), List.of());
  }

  /**
   * Goes on with a request first sent at {@code firstSent} ({@link System#nanoTime()}), perhaps to
   * another gateway, which made the {@code earlier} attempts: the 30 s count from that first attempt.
   */
  static Outcome retry(Http gateway, String path, JsonObject body, String key, long firstSent, List<Attempt> earlier)
      throws InterruptedException {
    List<Attempt> attempts = new ArrayList<>(earlier);
    long deadline = firstSent + BOUND.toNanos();
    Http.Response answer = null;
    while (System.nanoTime() < deadline) {
      Duration left = Duration.ofNanos(deadline - System.nanoTime());
      long sentAt = System.currentTimeMillis();
      long started = System.nanoTime();
      try {
        answer = gateway.post(path, body, key, left.compareTo(Http.TIMEOUT) < 0 ? left : Http.TIMEOUT);
        attempts.add(new Attempt(sentAt, answer.status(), answer.millis()));
        if (!worthRetrying(answer.status())) {
          break;
        }
      } catch (IOException noAnswer) {
        attempts.add(new Attempt(sentAt, Http.ERROR, (System.nanoTime() - started) / 1_000_000));
      }
      Thread.sleep(backoffMs(answer));
    }
    return new Outcome(key, body, List.copyOf(attempts), answer, (System.nanoTime() - firstSent) / 1_000_000);
  }

  /**
   * How long to wait before the next attempt: {@code Retry-After} (whole seconds) when the answer has
   * one, spread over half to one and a half times it so that the clients refused together do not all
   * come back at the same instant; else {@link #BACKOFF_MS}.
   */
  static long backoffMs(Http.Response answer) {
    String retryAfter = answer == null ? null : answer.header("Retry-After");
    if (retryAfter == null || !retryAfter.matches("\\d{1,4}")) {
      return BACKOFF_MS;
    }
    long millis = Long.parseLong(retryAfter) * 1_000;
    return millis / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(millis + 1);
  }

  static boolean worthRetrying(int status) {
    return status == 409 || status == 429 || status >= 500;
  }
}
