package bank.cluster;

import bank.local.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A release named in {@code CHANGELOG.md} ({@code ## 0.1.0: commit `04ef4c2`}), built again from
 * the history: {@code git worktree add} at its commit, {@code mvn package} of its four services
 * there, and their fat jars kept in {@code ~/.cache/bank/releases/<version>-<commit>/}, so that a
 * second run finds them built. The worktree is removed once the jars are copied.
 */
record Release(String version, String commit, Path jars) {

  private static final Pattern RELEASE = Pattern.compile("^## (\\d+\\.\\d+\\.\\d+): commit `([0-9a-f]{7,40})`",
      Pattern.MULTILINE);
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
  private static final List<String> MODULES = List.of("account-verticle", "transfer-verticle", "audit-verticle",
      "api-gateway");

  /**
   * The latest release before this build: the first one the changelog names with a commit whose
   * version is not this build's ({@code bank.version}, the poms' version, set by Surefire). Once
   * this build's version is released, the changelog names it first, and the one before it is the
   * release to upgrade from.
   */
  static Release previous() {
    String current = System.getProperty("bank.version", "");
    Path root = Repository.root();
    try {
      Matcher release = RELEASE.matcher(Files.readString(root.resolve("CHANGELOG.md")));
      while (release.find()) {
        if (release.group(1).equals(current)) {
          continue;
        }
        Path jars = Path.of(System.getProperty("user.home"), ".cache", "bank", "releases",
            release.group(1) + "-" + release.group(2));
        return new Release(release.group(1), release.group(2), jars);
      }
      throw new IllegalStateException("CHANGELOG.md names no release before " + current + " with its commit");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The release's fat jar of {@code service}, once {@link #build} has run. */
  Path fatJar(Service service) {
    return jars.resolve(service.module + ".jar");
  }

  /** Builds the release unless its jars are in the cache; returns how long it took (zero: cached). */
  Duration build() throws IOException, InterruptedException {
    if (MODULES.stream().allMatch(module -> Files.isRegularFile(jars.resolve(module + ".jar")))) {
      return Duration.ZERO;
    }
    long started = System.nanoTime();
    Path root = Repository.root();
    Path source = jars.resolveSibling(jars.getFileName() + "-src");
    Files.createDirectories(jars);
    run(root, List.of("git", "worktree", "remove", "--force", source.toString()), true);
    run(root, List.of("git", "worktree", "prune"), true);
    run(root, List.of("git", "worktree", "add", "--detach", source.toString(), commit), false);
    try {
      // Offline first: the build of this release has just fetched what the previous one needs, most likely.
      List<String> maven = new ArrayList<>(List.of("mvn", "-B", "-q", "-T", "2", "package", "-Dmaven.test.skip=true",
          "-Dstyle.color=never", "-pl", String.join(",", MODULES), "-am"));
      List<String> offline = new ArrayList<>(maven);
      offline.add(1, "-o");
      if (!run(source, offline, true)) {
        run(source, maven, false);
      }
      for (String module : MODULES) {
        try (Stream<Path> files = Files.list(source.resolve(module).resolve("target"))) {
          Path fat = files.filter(file -> file.getFileName().toString().endsWith("-fat.jar")).findFirst()
              .orElseThrow(() -> new IllegalStateException("release " + version + " built no fat jar of " + module));
          Files.copy(fat, jars.resolve(module + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } finally {
      run(root, List.of("git", "worktree", "remove", "--force", source.toString()), true);
    }
    return Duration.ofNanos(System.nanoTime() - started);
  }

  /** Runs {@code command} in {@code directory}; whether it succeeded (a failure throws, unless it {@code mayFail}). */
  private boolean run(Path directory, List<String> command, boolean mayFail) throws IOException, InterruptedException {
    Path output = Files.createTempFile("release-" + version, ".log");
    Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
        .redirectOutput(output.toFile()).start();
    if (!process.waitFor(BUILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " took more than " + BUILD_TIMEOUT);
    }
    if (process.exitValue() != 0 && !mayFail) {
      throw new IllegalStateException("building release " + version + " (" + commit + "): " + String.join(" ", command)
          + " failed with " + process.exitValue() + ":\n" + Files.readString(output));
    }
    Files.deleteIfExists(output);
    return process.exitValue() == 0;
  }
}
