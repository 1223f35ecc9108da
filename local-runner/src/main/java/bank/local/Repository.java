package bank.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** The repository a test, the runner or the benchmark runs in: its root, found from the working directory up. */
public final class Repository {

  private Repository() {
  }

  /** The directory holding {@code cluster.xml} and the service modules (a module's tests run one level below). */
  public static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("cluster.xml")) && Files.isDirectory(dir.resolve("api-gateway"))) {
        return dir;
      }
    }
    throw new IllegalStateException("not inside the bank's repository: " + Path.of("").toAbsolutePath());
  }

  /**
   * The newest {@code *-fat.jar} in {@code target}, if any: after the version changes, the jar of the
   * version before stays there until {@code mvn clean}, and must not be started instead.
   */
  public static Optional<Path> newestFatJar(Path target) {
    if (!Files.isDirectory(target)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(file -> file.getFileName().toString().endsWith("-fat.jar"))
          .max(Comparator.comparing(Repository::modified));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
