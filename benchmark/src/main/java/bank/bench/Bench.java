package bank.bench;

import bank.local.DevTokens;
import bank.local.LocalBank;
import bank.local.LocalRunner;
import bank.local.Repository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.sql.SQLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

/**
 * The benchmark ({@code ./bench}): starts the bank as {@code ./run} does (separate clustered JVMs, a
 * durable embedded PostgreSQL), opens and funds accounts, runs pgbench's plain-SQL transfer on the
 * same PostgreSQL, then loads the gateway in a closed loop (peak) and an open loop at half the peak
 * (latency), and prints one table. A program, not a test: nothing here asserts a speed.
 */
public final class Bench {

  static final long INITIAL_BALANCE = 1_000_000_000L;
  /** Two warm-up windows whose rates differ by at most this fraction: the JVMs are warm. */
  static final double STEADY = 0.05;
  private static final int TOP_STATEMENTS = 12;
  /** The clients' tokens outlast any run. */
  private static final Duration TOKEN_LIFETIME = Duration.ofHours(12);
  /** Connections the open loop may open: enough that a stall queues no request in the client. */
  private static final int OPEN_LOOP_CONNECTIONS = 512;
  private static final Duration OPEN_LOOP_LEAD_IN = Duration.ofSeconds(5);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);
  private static final long DRAIN_POLL_MS = 100;
  private static final long FULL_VERIFICATION_POLL_MS = 100;
  private static final int SETUP_CONCURRENCY = 16;

  /**
   * What to run. The warm-up runs the closed loop in windows of {@code warmUpWindow} until two
   * windows in a row agree within {@link #STEADY}, at most {@code warmUpWindows} of them: on 2 cores
   * the JIT compilers of four JVMs take most of the CPU for the first minute or so, and a run
   * measured then measures the compilers.
   */
  record Settings(int accounts, int clients, Duration warmUpWindow, int warmUpWindows, Duration measure) {

    static Settings parse(List<String> args) {
      Settings settings = args.contains("--smoke") ? smoke()
          : new Settings(1000, 32, Duration.ofSeconds(10), 18, Duration.ofSeconds(20));
      for (String arg : args) {
        if (arg.startsWith("--accounts=")) {
          settings = new Settings(value(arg), settings.clients, settings.warmUpWindow, settings.warmUpWindows, settings.measure);
        } else if (arg.startsWith("--clients=")) {
          settings = new Settings(settings.accounts, value(arg), settings.warmUpWindow, settings.warmUpWindows, settings.measure);
        } else if (arg.startsWith("--seconds=")) {
          settings = new Settings(settings.accounts, settings.clients, settings.warmUpWindow, settings.warmUpWindows,
              Duration.ofSeconds(value(arg)));
        } else if (!arg.equals("--smoke")) {
          throw new IllegalArgumentException("unknown option " + arg
              + " (known: --smoke, --accounts=N, --clients=N, --seconds=N, --profile)");
        }
      }
      return settings;
    }

    /** Seconds, not minutes: what CI runs so that the benchmark does not rot. */
    static Settings smoke() {
      return new Settings(20, 4, Duration.ofSeconds(1), 1, Duration.ofSeconds(2));
    }

    private static int value(String arg) {
      return Integer.parseInt(arg.substring(arg.indexOf('=') + 1));
    }
  }

  /** What {@code --profile} adds: a JFR recording of every node, and its top frames in the closed loop. */
  static final String PROFILE = "--profile";
  private static final int PROFILE_LINES = 10;

  public static void main(String[] args) throws Exception {
    List<String> options = new ArrayList<>(List.of(args));
    Path recordings = options.remove(PROFILE)
        ? Files.createDirectories(Repository.root().resolve("benchmark/target/profile-" + System.currentTimeMillis()))
        : null;
    Report report = run(Settings.parse(options), recordings);
    System.out.println();
    System.out.println(report.table());
    System.out.println(report.statements());
    System.out.println(report.storage());
    if (recordings != null) {
      System.out.println(profiles(report, recordings));
    }
    System.exit(report.moneyConserved() ? 0 : 1);
  }

  static Report run(Settings settings) throws Exception {
    return run(settings, null);
  }

  /** The nodes' recordings, read once they stopped (a JVM writes its recording as it exits). */
  private static String profiles(Report report, Path recordings) throws IOException {
    List<Profiles.Profile> profiles = new ArrayList<>();
    for (Map.Entry<String, Long> node : report.pids().entrySet()) {
      profiles.add(Profiles.of(node.getKey(), Profiles.recordingOf(recordings, node.getValue()), report.peakFrom(),
          report.peakTo(), PROFILE_LINES));
    }
    say("JFR recordings of the nodes in %s", recordings);
    return Profiles.table(profiles);
  }

  /** {@code recordings}: where every node records its JFR profile, or null. */
  static Report run(Settings settings, Path recordings) throws Exception {
    if (PgBench.binary() == null) {
      throw new IllegalStateException("pgbench is not installed (Debian: apt-get install postgresql-client); ./bench installs it");
    }
    Path data = Files.createTempDirectory("bank-bench-");
    String secret = LocalRunner.randomSecret();
    LocalBank.Options options = new LocalBank.Options(Repository.root(), data, null, freePort(),
        Map.of("shared_preload_libraries", "pg_stat_statements", "pg_stat_statements.track", "all"), freePort(),
        environment(recordings),
        Map.of("AUTH_JWT_SECRET", secret), data.resolve("logs"), -1);
    say("starting the bank (separate JVMs, durable embedded PostgreSQL); node logs in %s", data.resolve("logs"));
    Vertx vertx = Vertx.vertx();
    try (LocalBank bank = new LocalBank(options)) {
      bank.start();
      return measure(settings, bank, vertx, secret);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
      LocalRunner.deleteRecursively(data);
    }
  }

  private static Map<String, String> environment(Path recordings) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("CLUSTER_NAME", "bank-bench-" + ProcessHandle.current().pid());
    if (recordings != null) {
      environment.put("JDK_JAVA_OPTIONS", Profiles.recordingOptions(recordings));
    }
    return environment;
  }

  private static Report measure(Settings settings, LocalBank bank, Vertx vertx, String secret) throws Exception {
    URI gateway = URI.create(bank.gateway());
    DevTokens signer = new DevTokens(vertx, secret);
    String admin = signer.sign("bench-admin", "admin", TOKEN_LIFETIME);
    List<String> tokens = IntStream.range(0, Math.max(settings.clients, 8))
        .mapToObj(i -> signer.sign("bench-" + i, "admin", TOKEN_LIFETIME)).toList();
    WebClient setup = WebClient.create(vertx, new WebClientOptions().setDefaultHost(gateway.getHost())
        .setDefaultPort(gateway.getPort()), new PoolOptions().setHttp1MaxSize(SETUP_CONCURRENCY));
    String durability = PgBench.durability(bank.databaseUrl());
    if (!durability.equals("fsync=on, synchronous_commit=on")) {
      throw new IllegalStateException("PostgreSQL is not durable (" + durability + "): the figures would mean nothing");
    }
    say("opening and funding %d accounts", settings.accounts);
    List<String> accounts = openFundedAccounts(setup, admin, settings.accounts);

    say("pgbench: %d clients, %d s", settings.clients, settings.measure.toSeconds());
    PgBench.prepare(bank.databaseUrl(), settings.accounts);
    PgBench.Result pgbench = PgBench.run(bank.databaseUrl(), settings.accounts, settings.clients, settings.measure);

    Load load = new Load(vertx, gateway, accounts, tokens, Math.max(settings.clients, OPEN_LOOP_CONNECTIONS));
    say("HTTP closed loop, %d clients: warm-up in %d s windows until two agree within %.0f %%", settings.clients,
        settings.warmUpWindow.toSeconds(), STEADY * 100);
    WarmUp warmUp = warmUp(settings, load);
    say("HTTP closed loop: %d s measured", settings.measure.toSeconds());
    Statements statements = new Statements(bank.databaseUrl());
    statements.reset();
    Map<String, ProcessStats.Cpu> cpuBefore = cpu(bank);
    Instant peakFrom = Instant.now();
    Load.Result peak = load.closedLoop(settings.clients, settings.measure).await();
    Instant peakTo = Instant.now();
    Map<String, ProcessStats.Cpu> cpuAfter = cpu(bank);
    Statements.Work database = statements.read(peak.transfers(), TOP_STATEMENTS);
    Backlog backlog = drain(statements);
    say("audit trail: %d events waiting at the end of the closed loop, all relayed after %.1f s", backlog.events(),
        backlog.seconds());
    // The first checks, from the checkpoints the periodic ones left (if any ran yet); the ones at
    // the end start from what these left.
    Checks first = new Checks(timed(setup, admin, "/audit/verify"), timed(setup, admin, "/reconciliation"));

    // Latency at a rate is measured once the system is steady at that rate, not while it still
    // recovers from the closed loop: the open loop's first seconds are a lead-in, not counted.
    double openRate = (peak.transfersPerSecond() + peak.readsPerSecond()) / 2;
    Duration leadIn = settings.measure.compareTo(OPEN_LOOP_LEAD_IN) < 0 ? settings.measure : OPEN_LOOP_LEAD_IN;
    say("HTTP open loop: %.0f requests/s (half the peak), %d s lead-in, then %d s measured", openRate,
        leadIn.toSeconds(), settings.measure.toSeconds());
    load.openLoop(openRate, leadIn).await();
    Map<String, ProcessStats.Cpu> cpuBeforeHalf = cpu(bank);
    Load.Result half = load.openLoop(openRate, settings.measure).await();
    Map<String, ProcessStats.Cpu> cpuAfterHalf = cpu(bank);
    load.close();

    Map<String, Long> balances = balances(setup, admin);
    History history = history(setup, admin, statements, first);
    setup.close();
    Map<String, ProcessStats.Cpu> cpuPer1000 = per1000(cpuBefore, cpuAfter, peak.transfers());
    Map<String, ProcessStats.Cpu> cpuPer1000Half = per1000(cpuBeforeHalf, cpuAfterHalf, half.transfers());
    Map<String, Long> peakRss = new LinkedHashMap<>();
    Map<String, Long> pids = new LinkedHashMap<>();
    bank.nodes().forEach((service, process) -> {
      peakRss.put(service, ProcessStats.peakRssMib(process.pid()));
      pids.put(service, process.pid());
    });
    return new Report(LocalDate.now(), settings, durability, pgbench, warmUp, peak, peakFrom, peakTo, database, backlog,
        openRate, half, cpuPer1000, cpuPer1000Half, peakRss, pids, history, balances.values().stream().mapToLong(Long::longValue).sum(), settings.accounts * INITIAL_BALANCE,
        balances.values().stream().filter(balance -> balance < 0).count(), balances.size());
  }

  /** A GET through the gateway, its answer and how long it took. */
  record Timed(JsonObject answer, double seconds) {
  }

  private static Timed timed(WebClient client, String token, String uri) throws TimeoutException {
    long started = System.nanoTime();
    JsonObject answer = client.get(uri).bearerTokenAuthentication(token).send()
        .compose(response -> expect(response, 200)).await(120, TimeUnit.SECONDS);
    return new Timed(answer, (System.nanoTime() - started) / 1e9);
  }

  /** The audit trail's verification and the books' reconciliation, each timed through the gateway. */
  record Checks(Timed verification, Timed reconciliation) {
  }

  /**
   * A full verification of the trail, started ({@code POST /audit/verifications}) and followed to its
   * end: its verdict, and how long it took from the start to the poll that found it done.
   */
  private static Timed fullVerification(WebClient client, String token) throws TimeoutException, InterruptedException {
    long started = System.nanoTime();
    String location = client.post("/audit/verifications").bearerTokenAuthentication(token).send()
        .compose(response -> expect(response, 202).map(run -> response.getHeader("Location")))
        .await(10, TimeUnit.SECONDS);
    while (true) {
      JsonObject run = timed(client, token, location).answer();
      if ("DONE".equals(run.getString("status"))) {
        return new Timed(run.getJsonObject("verdict"), (System.nanoTime() - started) / 1e9);
      }
      if ("FAILED".equals(run.getString("status"))) {
        throw new IllegalStateException("the full verification failed: " + run.getString("reason"));
      }
      Thread.sleep(FULL_VERIFICATION_POLL_MS);
    }
  }

  /**
   * What the run left behind, and what it costs to check it: the bytes on disk per transfer, and how
   * long the checks take: after the closed loop, at the end (from the checkpoints the first left),
   * and in full (a full verification in the background, {@code /reconciliation/full}).
   */
  record History(Statements.Storage storage, Checks first, Checks atTheEnd, Checks full) {
  }

  private static History history(WebClient client, String token, Statements statements, Checks first)
      throws SQLException, TimeoutException, InterruptedException {
    Checks atTheEnd = new Checks(timed(client, token, "/audit/verify"), timed(client, token, "/reconciliation"));
    Checks full = new Checks(fullVerification(client, token), timed(client, token, "/reconciliation/full"));
    return new History(statements.storage(), first, atTheEnd, full);
  }

  /**
   * How the warm-up went, and the rate of its first two windows (the first 20 s of load by default,
   * just after the accounts were opened): what a user of a freshly started bank gets.
   */
  record WarmUp(String summary, Duration coldSpan, double coldRate) {
  }

  /** Runs warm-up windows until two in a row agree. */
  private static WarmUp warmUp(Settings settings, Load load) throws TimeoutException {
    List<Double> rates = new ArrayList<>();
    String summary = null;
    for (int window = 1; window <= settings.warmUpWindows && summary == null; window++) {
      double rate = load.closedLoop(settings.clients, settings.warmUpWindow).await().transfersPerSecond();
      say("  warm-up window %d: %.0f transfers/s", window, rate);
      double previous = rates.isEmpty() ? -1 : rates.get(rates.size() - 1);
      rates.add(rate);
      if (previous > 0 && Math.abs(rate - previous) <= STEADY * previous) {
        summary = String.format("steady after %d s (two %d s windows at %.0f and %.0f transfers/s)",
            window * settings.warmUpWindow.toSeconds(), settings.warmUpWindow.toSeconds(), previous, rate);
      }
    }
    if (summary == null) {
      summary = String.format("not steady after %d s (last window %.0f transfers/s)",
          settings.warmUpWindows * settings.warmUpWindow.toSeconds(), rates.get(rates.size() - 1));
    }
    List<Double> cold = rates.subList(0, Math.min(2, rates.size()));
    return new WarmUp(summary, settings.warmUpWindow.multipliedBy(cold.size()),
        cold.stream().mapToDouble(Double::doubleValue).average().orElse(0));
  }

  record Backlog(long events, double seconds) {
  }

  /** Waits until every event of the run is in the audit trail; what was waiting, and for how long. */
  private static Backlog drain(Statements statements) throws SQLException, InterruptedException {
    long started = System.nanoTime();
    long waiting = statements.outboxBacklog();
    long events = waiting;
    while (waiting > 0 && System.nanoTime() - started < DRAIN_TIMEOUT.toNanos()) {
      Thread.sleep(DRAIN_POLL_MS);
      waiting = statements.outboxBacklog();
    }
    if (waiting > 0) {
      throw new IllegalStateException(waiting + " events still not in the audit trail after " + DRAIN_TIMEOUT);
    }
    return new Backlog(events, (System.nanoTime() - started) / 1e9);
  }

  private static Map<String, ProcessStats.Cpu> per1000(Map<String, ProcessStats.Cpu> before,
      Map<String, ProcessStats.Cpu> after, long transfers) {
    Map<String, ProcessStats.Cpu> per1000 = new LinkedHashMap<>();
    after.forEach((process, cpu) -> per1000.put(process, cpu.minus(before.get(process)).per1000(transfers)));
    return per1000;
  }

  /** Each process's CPU so far: the four nodes, PostgreSQL, and this load generator. */
  private static Map<String, ProcessStats.Cpu> cpu(LocalBank bank) throws IOException {
    Map<String, ProcessStats.Cpu> cpu = new LinkedHashMap<>();
    bank.nodes().forEach((service, process) -> cpu.put(service, ProcessStats.cpu(process.pid())));
    cpu.put("PostgreSQL", ProcessStats.postgresCpu(ProcessStats.postmasterPid(bank.postgresDirectory())));
    cpu.put("load generator", ProcessStats.cpu(ProcessHandle.current().pid()));
    return cpu;
  }

  private static List<String> openFundedAccounts(WebClient client, String token, int count) throws TimeoutException {
    List<String> ids = new ArrayList<>();
    for (int first = 0; first < count; first += SETUP_CONCURRENCY) {
      List<Future<String>> batch = IntStream.range(first, Math.min(count, first + SETUP_CONCURRENCY))
          .mapToObj(i -> openFunded(client, token, i)).toList();
      Future.all(batch).await(60, TimeUnit.SECONDS);
      batch.forEach(opened -> ids.add(opened.result()));
    }
    return ids;
  }

  private static Future<String> openFunded(WebClient client, String token, int index) {
    return client.post("/accounts").bearerTokenAuthentication(token)
        .sendJsonObject(new JsonObject().put("owner", "bench-" + index).put("currency", "EUR"))
        .compose(opened -> expect(opened, 201).map(body -> body.getString("id")))
        .compose(id -> client.post("/accounts/" + id + "/deposits").bearerTokenAuthentication(token)
            .sendJsonObject(new JsonObject().put("amount", INITIAL_BALANCE))
            .compose(deposited -> expect(deposited, 201))
            .map(id));
  }

  /** Every account's balance, page after page (each page one consistent snapshot). */
  private static Map<String, Long> balances(WebClient client, String token) throws TimeoutException {
    Map<String, Long> balances = new LinkedHashMap<>();
    String after = null;
    do {
      var request = client.get("/accounts").addQueryParam("limit", "1000").bearerTokenAuthentication(token);
      if (after != null) {
        request.addQueryParam("after", after);
      }
      JsonObject page = request.send().compose(answer -> expect(answer, 200)).await(60, TimeUnit.SECONDS);
      page.getJsonArray("items").forEach(item -> balances.put(((JsonObject) item).getString("id"),
          ((JsonObject) item).getLong("balance")));
      after = page.getString("next");
    } while (after != null);
    return balances;
  }

  private static Future<JsonObject> expect(HttpResponse<Buffer> answer, int status) {
    return answer.statusCode() == status
        ? Future.succeededFuture(answer.bodyAsJsonObject())
        : Future.failedFuture("expected " + status + ", got " + answer.statusCode() + " " + answer.bodyAsString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static void say(String format, Object... args) {
    System.out.println("[bench] " + String.format(format, args));
  }
}
