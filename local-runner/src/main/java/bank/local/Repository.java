package bank.local;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
