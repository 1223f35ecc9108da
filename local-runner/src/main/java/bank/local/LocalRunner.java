package bank.local;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The local run command: a durable embedded PostgreSQL (unless {@code PG_URL} is set) and the four
 * services, each its own clustered JVM on loopback ({@link LocalBank}). Ctrl-C stops everything it
 * started. A plain program, not a verticle: it may block.
 */
public final class LocalRunner {

  public static void main(String[] args) throws Exception {
    long started = System.nanoTime();
    Path root = Path.of("").toAbsolutePath();
    Path data = Path.of(env("BANK_DATA_DIR", root.resolve("data").toString()));
    int add = List.of(args).indexOf("--add");
    if (add >= 0) {
      addNode(root, data, add + 1 < args.length ? args[add + 1] : "");
      return;
    }
    if (List.of(args).contains("--fresh")) {
      fresh(data, System.getenv("PG_URL") != null);
    }
    String secret = tokenSecret();
    LocalBank bank = new LocalBank(options(root, data, System::getenv, secret));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      say("stopping");
      bank.close();
      say("stopped");
    }, "stop-local-bank"));
    bank.start();
    say("ready in %.1f s: %s (bank %s, cluster %s)", (System.nanoTime() - started) / 1e9, bank.gateway(), bank.bankId(),
        bank.clusterName());
    if (secret != null) {
      printTokens(secret, data, bank.gateway());
    }
    say("try:  curl -s -X POST %s/accounts -H \"Authorization: Bearer $ADMIN_TOKEN\" -H 'Content-Type: application/json' -d '{\"owner\":\"ann\",\"currency\":\"EUR\"}'", bank.gateway());
    say("data stays in %s between runs; start afresh with ./run --fresh. Ctrl-C stops everything.", data);
    say("more nodes, from another terminal: ./run --add account (or transfer, audit)");
    bank.awaitExit();
  }

  /**
   * {@code ./run --add account} (or transfer, audit): one more node of that service in the bank that
   * the {@code ./run} of this data directory is running, in the foreground until Ctrl-C or SIGTERM.
   */
  private static void addNode(Path root, Path data, String shortName) throws Exception {
    String service = shortName + "-verticle";
    if (!LocalBank.ADDABLE.contains(service)) {
      say("--add takes account, transfer or audit, got '%s'", shortName);
      System.exit(2);
    }
    LocalBank bank;
    try {
      bank = LocalBank.joining(root, data);
    } catch (IllegalStateException none) {
      say("%s", none.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      say("stopping the added %s", service);
      bank.close();
    }, "stop-added-node"));
    Process node = bank.add(service);
    say("added %s (pid %d) to bank %s; it serves as soon as it is ready. Ctrl-C stops it.", service, node.pid(),
        bank.bankId());
    bank.awaitExit();
  }

  /**
   * The bank as {@code ./run} starts it from this environment: the ports the user set, or the
   * defaults, or (a default being taken by another bank on this machine) the next free ones.
   */
  public static LocalBank.Options options(Path root, Path data, Function<String, String> env, String secret) {
    String pgUrl = env.apply("PG_URL");
    boolean embedded = pgUrl == null || pgUrl.isBlank();
    int pgPort = embedded ? LocalPorts.choose("LOCAL_PG_PORT", env.apply("LOCAL_PG_PORT"), 54329, 1) : -1;
    int httpPort = LocalPorts.choose("HTTP_PORT", env.apply("HTTP_PORT"), 8080, 1);
    int metricsPortBase = LocalPorts.choose("METRICS_PORT_BASE", env.apply("METRICS_PORT_BASE"), 9100,
        LocalBank.SERVICES.size());
    return new LocalBank.Options(root, data, pgUrl, pgPort, Map.of(), httpPort, Map.of(),
        secret == null ? Map.of() : Map.of("AUTH_JWT_SECRET", secret), null, metricsPortBase);
  }

  /**
   * {@code --fresh}: deletes the data directory. With an external database (which it does not
   * touch), the bank id is kept: that database still records it.
   */
  static void fresh(Path data, boolean externalDatabase) throws IOException {
    String keep = externalDatabase ? LocalIdentity.existing(data) : null;
    deleteRecursively(data);
    if (keep != null) {
      LocalIdentity.write(data, keep);
    }
  }

  /**
   * The HS256 secret the gateway verifies tokens with: AUTH_JWT_SECRET when given, a random one for
   * this run when no token setting is given at all, or null when the caller configured tokens
   * another way (a public key, or AUTH=off) and no token can be minted here.
   */
  private static String tokenSecret() {
    String given = System.getenv("AUTH_JWT_SECRET");
    if (given != null && !given.isBlank()) {
      return given;
    }
    if (System.getenv("AUTH_JWT_PUBLIC_KEY") != null || System.getenv("AUTH") != null) {
      return null;
    }
    return randomSecret();
  }

  /** 32 random bytes, base64url: an HS256 secret for one run. */
  public static String randomSecret() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /** A token per role, valid for this run's 12 hours, printed and written to data/tokens.env with the gateway's URL. */
  private static void printTokens(String secret, Path data, String gateway) throws IOException {
    StringBuilder exports = new StringBuilder("export BANK_URL=" + gateway + "\n");
    Vertx vertx = Vertx.vertx();
    try {
      DevTokens tokens = new DevTokens(vertx, secret);
      for (String[] caller : new String[][] {{"ADMIN", "admin", "admin"}, {"CUSTOMER", "ann", "customer"},
          {"TELLER", "tom", "teller"}, {"AUDITOR", "alice", "auditor"}}) {
        exports.append("export ").append(caller[0]).append("_TOKEN=")
            .append(tokens.sign(caller[1], caller[2], Duration.ofHours(12))).append('\n');
      }
    } finally {
      vertx.close();
    }
    Path file = data.resolve("tokens.env");
    writePrivately(file, exports.toString());
    say("the gateway's URL and a token per role for this run (sub and role: admin/admin, ann/customer, tom/teller,"
        + " alice/auditor; 12 h), also in %s (source it):%n%s", file, exports.toString().strip());
  }

  /** Writes {@code text} to {@code file} (its directory made if need be), readable by this user only (mode 600). */
  static void writePrivately(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  public static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  private static String env(String name, String defaultValue) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? defaultValue : value;
  }

  static void say(String format, Object... args) {
    System.out.println("[bank] " + String.format(format, args));
  }
}
