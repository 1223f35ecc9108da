package bank.cluster;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads {@code GET /accounts?limit=1000} in a loop: every snapshot answered 200 must sum to the
 * total and show no negative balance. After any other answer it pauses as a client would (250 ms),
 * rather than spin on fast 503s and starve the nodes of CPU.
 */
final class SnapshotReader {

  private static final int KEPT_VIOLATIONS = 20;

  private volatile Http http;
  private final long total;
  private final AtomicLong snapshots = new AtomicLong();
  private final AtomicLong violations = new AtomicLong();
  private final AtomicLong negatives = new AtomicLong();
  private final List<String> examples = new CopyOnWriteArrayList<>();
  private Workers reader;

  private SnapshotReader(Http http, long total) {
    this.http = http;
    this.total = total;
  }

  static SnapshotReader start(Http http, long total) {
    SnapshotReader snapshots = new SnapshotReader(http, total);
    snapshots.reader = Workers.start("snapshots", 1, worker -> snapshots.readOnce());
    return snapshots;
  }

  /** Reads through {@code gateway} from now on (the one it read through is about to leave). */
  void readThrough(Http gateway) {
    http = gateway;
  }

  void stop() throws InterruptedException {
    reader.stop(Http.TIMEOUT.multipliedBy(2));
  }

  /** Snapshots answered 200. */
  long snapshots() {
    return snapshots.get();
  }

  /** Snapshots whose sum is not the total or that show a negative balance. */
  long violations() {
    return violations.get();
  }

  /** Negative balances seen, over all snapshots. */
  long negatives() {
    return negatives.get();
  }

  List<String> examples() {
    return List.copyOf(examples);
  }

  List<Throwable> errors() {
    return reader.errors();
  }

  private void readOnce() throws InterruptedException {
    Http.Response page;
    try {
      page = http.get("/accounts?limit=1000");
    } catch (IOException noAnswer) {
      Thread.sleep(KeyedClient.BACKOFF_MS);
      return;
    }
    if (page.status() != 200) {
      Thread.sleep(KeyedClient.BACKOFF_MS);
      return;
    }
    snapshots.incrementAndGet();
    Map<String, Long> balances = Bank.balancesOf(page.json());
    long sum = Ledger.sum(balances);
    long negative = Ledger.negatives(balances);
    negatives.addAndGet(negative);
    if (sum != total || negative > 0) {
      violations.incrementAndGet();
      if (examples.size() < KEPT_VIOLATIONS) {
        examples.add(Report.clock(page.sentAt()) + " sum " + sum + " (total " + total + "), " + negative + " negative");
      }
    }
  }
}
