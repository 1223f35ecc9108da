package bank.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Reads a gateway's {@code /health/ready} every 100 ms (or as often as asked) and keeps every answer, to tell what it said when. */
final class ReadinessWatch {

  private static final long PERIOD_MS = 100;

  /**
   * One answer: when it was asked (epoch millis), its status ({@link Http#ERROR}: no answer), the
   * {@code database} field of each service's check, for the services whose check has one, the
   * instances of each service whose breaker was not CLOSED, and the instances of each (each once).
   */
  record Sample(long at, int status, Map<Service, String> databases, Map<Service, Long> notClosed,
      Map<Service, Integer> instances) {

    boolean breakerNotClosed() {
      return notClosed.values().stream().anyMatch(count -> count > 0);
    }
  }

  private final Http gateway;
  private final long periodMillis;
  private final List<Sample> samples = new CopyOnWriteArrayList<>();
  private Workers watcher;

  private ReadinessWatch(Http gateway, long periodMillis) {
    this.gateway = gateway;
    this.periodMillis = periodMillis;
  }

  static ReadinessWatch start(Http gateway) {
    return start(gateway, PERIOD_MS);
  }

  /** Asks every {@code periodMillis}: each answer costs every service a database query. */
  static ReadinessWatch start(Http gateway, long periodMillis) {
    ReadinessWatch watch = new ReadinessWatch(gateway, periodMillis);
    watch.watcher = Workers.start("readiness", 1, worker -> watch.sample());
    return watch;
  }

  void stop() throws InterruptedException {
    watcher.stop(Duration.ofSeconds(10));
  }

  /** The answers asked for between {@code from} and {@code to} (epoch millis). */
  List<Sample> between(long from, long to) {
    return samples.stream().filter(sample -> sample.at >= from && sample.at <= to).toList();
  }

  /** The first answer 200 asked for at or after {@code from}. */
  Optional<Sample> firstReadyAfter(long from) {
    return samples.stream().filter(sample -> sample.at >= from && sample.status == 200).findFirst();
  }

  /** The services whose readiness check had a {@code database} field at least once. */
  Set<Service> servicesReportingDatabase() {
    return samples.stream().flatMap(sample -> sample.databases.keySet().stream()).collect(Collectors.toSet());
  }

  private void sample() throws InterruptedException {
    long at = System.currentTimeMillis();
    try {
      Readiness readiness = Readiness.of(gateway.get("/health/ready", Duration.ofSeconds(2)));
      Map<Service, String> databases = new EnumMap<>(Service.class);
      Map<Service, Long> notClosed = new EnumMap<>(Service.class);
      Map<Service, Integer> instances = new EnumMap<>(Service.class);
      for (Service service : Service.DATA) {
        instances.put(service, readiness.instances(service));
        readiness.database(service).ifPresent(database -> databases.put(service, database));
        notClosed.put(service, readiness.breakers(service).entrySet().stream()
            .filter(state -> !state.getKey().equals("CLOSED")).mapToLong(Map.Entry::getValue).sum());
      }
      samples.add(new Sample(at, readiness.status(), databases, notClosed, instances));
    } catch (IOException noAnswer) {
      samples.add(new Sample(at, Http.ERROR, Map.of(), Map.of(), Map.of()));
    }
    Thread.sleep(periodMillis);
  }
}
