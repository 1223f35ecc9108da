package bank.cluster;

import bank.local.Repository;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The four services, each a fat jar of its module; the data services have a readiness check at the gateway. */
enum Service {
  ACCOUNT("account-verticle", "account-service", "account"),
  TRANSFER("transfer-verticle", "transfer-service", "transfer"),
  AUDIT("audit-verticle", "audit-service", "audit"),
  GATEWAY("api-gateway", null, "gateway");

  /** The services with a database, and a check in the gateway's readiness. */
  static final List<Service> DATA = List.of(ACCOUNT, TRANSFER, AUDIT);

  final String module;
  /** The id of this service's check in the gateway's {@code /health/ready}. */
  final String check;
  final String shortName;

  Service(String module, String check, String shortName) {
    this.module = module;
    this.check = check;
    this.shortName = shortName;
  }

  boolean hasData() {
    return this != GATEWAY;
  }

  static Stream<Service> stream() {
    return Stream.of(values());
  }

  /** This build's fat jar; fails when {@code mvn package} did not build it. */
  Path currentJar() {
    return fatJar().orElseThrow(() -> new IllegalStateException("no fat jar in " + module + "/target: run mvn package"));
  }

  /** {@code <module>/target/*-fat.jar}, the newest if several, if {@code mvn package} built it. */
  Optional<Path> fatJar() {
    return Repository.newestFatJar(Path.of("..", module, "target"));
  }
}
