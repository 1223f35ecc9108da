package bank.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every 100 ms, a cheap GET on each data service through the gateway (fire and forget, 2 s time-out
 * each), so that for a kill one can tell how long the killed service took to serve normally again.
 */
final class RecoveryProbe {

  private static final long PERIOD_MS = 100;
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  /** A probe slower than this counts as not served normally. */
  private static final long SLOW_MS = 1_000;

  /** One probe: when it was sent (epoch millis), and whether it got a 200 within {@link #SLOW_MS}. */
  record Probe(Service service, long sentAt, boolean normal) {
  }

  private final Http http;
  private final Map<Service, String> paths;
  private final List<Probe> probes = new CopyOnWriteArrayList<>();
  private final List<CompletableFuture<?>> inFlight = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  private RecoveryProbe(Http http, Map<Service, String> paths) {
    this.http = http;
    this.paths = paths;
  }

  /** Probes {@code GET /accounts/{account}}, {@code GET /transfers/{transfer}} and {@code GET /audit?limit=1}. */
  static RecoveryProbe start(Http http, String account, String transfer) {
    RecoveryProbe probe = new RecoveryProbe(http, Map.of(
        Service.ACCOUNT, "/accounts/" + account,
        Service.TRANSFER, "/transfers/" + transfer,
        Service.AUDIT, "/audit?limit=1"));
    probe.timer.scheduleAtFixedRate(probe::probeAll, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
    return probe;
  }

  /** Stops probing and waits for the answers of the probes in flight. */
  void stop() throws InterruptedException {
    timer.shutdown();
    timer.awaitTermination(5, TimeUnit.SECONDS);
    try {
      CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(TIMEOUT.toSeconds() + 3, TimeUnit.SECONDS);
    } catch (Exception someFailed) {
      // A failed probe is recorded as such.
    }
  }

  /**
   * Milliseconds from {@code killedAt} to the send time of the last probe of {@code service} sent
   * in {@code window} after it that failed or was slow; 0 if none was.
   */
  long recoveryMillis(Service service, long killedAt, Duration window) {
    return probes.stream()
        .filter(probe -> probe.service == service && !probe.normal)
        .filter(probe -> probe.sentAt >= killedAt && probe.sentAt < killedAt + window.toMillis())
        .mapToLong(probe -> probe.sentAt - killedAt)
        .max().orElse(0);
  }

  long count() {
    return probes.size();
  }

  long abnormal() {
    return probes.stream().filter(probe -> !probe.normal).count();
  }

  private void probeAll() {
    inFlight.removeIf(CompletableFuture::isDone);
    paths.forEach((service, path) -> {
      long sentAt = System.currentTimeMillis();
      inFlight.add(http.getAsync(path, TIMEOUT).handle((answer, failure) -> probes.add(
          new Probe(service, sentAt, failure == null && answer.status() == 200 && answer.millis() <= SLOW_MS))));
    });
  }
}
