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

/** Reads a gateway's {@code /health/ready} every 100 ms and keeps every answer, to tell what it said when. */
final class ReadinessWatch {

  private static final long PERIOD_MS = 100;

  /**
   * One answer: when it was asked (epoch millis), its status ({@link Http#ERROR}: no answer), and the
   * {@code database} field of each service's check, for the services whose check has one.
   */
  record Sample(long at, int status, Map<Service, String> databases) {
  }

  private final Http gateway;
  private final List<Sample> samples = new CopyOnWriteArrayList<>();
  private Workers watcher;

  private ReadinessWatch(Http gateway) {
    this.gateway = gateway;
  }

  static ReadinessWatch start(Http gateway) {
    ReadinessWatch watch = new ReadinessWatch(gateway);
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
      for (Service service : Service.DATA) {
        readiness.database(service).ifPresent(database -> databases.put(service, database));
      }
      samples.add(new Sample(at, readiness.status(), databases));
    } catch (IOException noAnswer) {
      samples.add(new Sample(at, Http.ERROR, Map.of()));
    }
    Thread.sleep(PERIOD_MS);
  }
}
