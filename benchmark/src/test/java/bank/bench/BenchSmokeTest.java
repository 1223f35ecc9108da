package bank.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The benchmark, for seconds, so that it does not rot. No figure is asserted: speed is measured by
 * {@code ./bench}, never by a test. What is asserted is that every phase ran and the money is intact.
 */
@DisplayName("The benchmark, as a smoke run")
class BenchSmokeTest {

  @Test
  @DisplayName("starts the bank, runs pgbench and both loads, and finds the money conserved with no failed request")
  void smoke() throws Exception {
    assumeTrue(fatJarsBuilt(), "the fat jars are built by mvn verify / package");
    assumeTrue(PgBench.binary() != null, "pgbench is installed (.ci/run and ./bench install postgresql-client)");
    Report report = Bench.run(Bench.Settings.smoke());
    System.out.println(report.table());
    assertThat(report.pgbench().transactions()).isPositive();
    assertThat(report.peak().transfers()).isPositive();
    assertThat(report.half().transfers()).isPositive();
    assertThat(report.peak().errors()).as("failed requests in the closed loop: %s", report.peak().statuses()).isZero();
    assertThat(report.half().errors()).as("failed requests in the open loop: %s", report.half().statuses()).isZero();
    assertThat(report.moneyConserved()).as(report.table()).isTrue();
  }

  private static boolean fatJarsBuilt() throws Exception {
    try (Stream<Path> jars = Files.list(Path.of("..", "api-gateway", "target"))) {
      return jars.anyMatch(jar -> jar.toString().endsWith("-fat.jar"));
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    }
  }
}
