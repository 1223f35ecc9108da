package bank.audit;

import static bank.audit.AuditFixture.account;
import static bank.audit.AuditFixture.event;
import static bank.audit.AuditFixture.record;
import static bank.audit.TrailDatabase.links;
import static bank.audit.TrailDatabase.sql;
import static bank.testing.Blocking.await;
import static bank.testing.Blocking.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import bank.common.Caller;
import bank.common.ErrorCode;
import bank.common.Ids;
import bank.contracts.CallContext;
import bank.contracts.audit.AuditService;
import bank.contracts.audit.AuditServiceV1;
import bank.contracts.audit.FullVerification;
import bank.database.DatabaseConfig;
import bank.database.Databases;
import bank.testing.ServiceCalls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Full verifications of the audit trail, in the background and in pages, and the periodic one, on a real PostgreSQL")
class FullVerificationTest {

  /** Ten events in pages of four: three pages, the last one short. */
  private static final int PAGE = 4;
  private static final int EVENTS = 10;

  private DatabaseConfig database;
  private Vertx vertx;
  private Pool pool;
  private FullVerifications runs;
  private List<JsonObject> links;

  @BeforeEach
  void deploy(Vertx vertx) {
    this.vertx = vertx;
    database = TrailDatabase.migrated();
    await(vertx.deployVerticle(new AuditVerticle(database)));
    pool = Databases.pool(vertx, database, AuditVerticle.SCHEMA);
    runs = new FullVerifications(vertx, pool, new AuditRepository(pool), PAGE);
    String account = account();
    for (int i = 0; i < EVENTS; i++) {
      await(record(vertx, event(i == 0 ? "AccountOpened" : "DepositMade", account)));
    }
    links = await(links(vertx, database));
  }

  @AfterEach
  void close() {
    await(pool.close());
  }

  @Test
  @DisplayName("it answers RUNNING at once, then hashes the trail page by page and ends DONE with the verdict of the whole chain, its head recorded as a checkpoint")
  void walksTheTrailInPages() {
    JsonObject started = await(runs.start());
    JsonObject done = await(done(started.getString("id")));

    assertThat(started.getString("status")).isEqualTo("RUNNING");
    assertThat(started.getString("id")).startsWith("fv_");
    assertThat(done.getString("status")).isEqualTo("DONE");
    assertThat(done.getLong("events")).isEqualTo(EVENTS);
    assertThat(done.getLong("throughSeq")).isEqualTo(head().getLong("seq"));
    assertThat(done.getJsonObject("verdict")).isEqualTo(new JsonObject().put("intact", true).put("events", (long) EVENTS)
        .put("lastSeq", head().getLong("seq")).put("lastHash", head().getString("hash")).put("verifiedAfter", 0L));
    assertThat(done.getString("finishedAt")).isNotNull();
    assertThat(await(sql(vertx, database, "SELECT seq FROM audit.checkpoints", Tuple.tuple())).iterator().next()
        .getLong("seq")).isEqualTo(head().getLong("seq"));
  }

  @Test
  @DisplayName("an event changed in a later page is the first break; the run stops with the chain intact through the page before")
  void findsAChangeInALaterPage() {
    long changed = links.get(6).getLong("seq");
    await(sql(vertx, database, "UPDATE audit.events SET data = jsonb_set(data, '{amount}', '99') WHERE seq = $1",
        Tuple.of(changed)));

    JsonObject done = await(done(await(runs.start()).getString("id")));

    JsonObject verdict = done.getJsonObject("verdict");
    assertThat(verdict.getBoolean("intact")).isFalse();
    assertThat(verdict.getJsonObject("firstBreak").getLong("seq")).isEqualTo(changed);
    assertThat(verdict.getJsonObject("firstBreak").getString("reason")).isEqualTo("the event's content does not match its hash");
    assertThat(done.getLong("throughSeq")).as("the first page's last event").isEqualTo(links.get(PAGE - 1).getLong("seq"));
    assertThat(done.getLong("events")).isEqualTo(PAGE);
    assertThat(await(sql(vertx, database, "SELECT count(*) AS n FROM audit.checkpoints", Tuple.tuple())).iterator().next()
        .getLong("n")).as("no checkpoint from a broken chain").isZero();
  }

  @Test
  @DisplayName("while one runs, another start answers that one")
  void oneAtATime() {
    String running = abandoned(links.get(3), "now()");

    JsonObject answered = await(runs.start());

    assertThat(answered.getString("id")).isEqualTo(running);
    assertThat(answered.getString("status")).isEqualTo("RUNNING");
    assertThat(answered.getLong("throughSeq")).isEqualTo(links.get(3).getLong("seq"));
  }

  @Test
  @DisplayName("a run that has not moved on for 30 s is taken over from where it had got, not from the first event")
  void takesOverAnAbandonedRun() {
    String abandoned = abandoned(links.get(3), "now() - interval '1 minute'");
    // Before where the run had got: the takeover does not hash it again (a new full verification would).
    await(sql(vertx, database, "UPDATE audit.events SET data = jsonb_set(data, '{amount}', '99') WHERE seq = $1",
        Tuple.of(links.get(1).getLong("seq"))));

    JsonObject taken = await(runs.start());
    JsonObject done = await(done(abandoned));

    assertThat(taken.getString("id")).isEqualTo(abandoned);
    assertThat(done.getJsonObject("verdict").getBoolean("intact")).isTrue();
    assertThat(done.getLong("events")).isEqualTo(EVENTS);
  }

  @Test
  @DisplayName("a run taken over more than five times gives up, FAILED with the reason, and the next start begins a new one")
  void givesUpAfterTakeovers() {
    String stuck = abandoned(links.get(3), "now() - interval '1 minute'");
    await(sql(vertx, database, "UPDATE audit.full_verifications SET takeovers = $1 WHERE id = $2",
        Tuple.of(FullVerifications.MAX_TAKEOVERS, stuck)));

    JsonObject started = await(runs.start());
    JsonObject gaveUp = await(runs.get(stuck));
    JsonObject done = await(done(started.getString("id")));

    assertThat(started.getString("id")).isNotEqualTo(stuck);
    assertThat(gaveUp.getString("status")).isEqualTo("FAILED");
    assertThat(gaveUp.getString("reason")).startsWith("gave up after 5 takeovers");
    assertThat(gaveUp.containsKey("verdict")).isFalse();
    assertThat(done.getJsonObject("verdict").getBoolean("intact")).isTrue();
  }

  @Test
  @DisplayName("a page whose first event no longer has the hash the previous page found is a break there")
  void findsAChangeBetweenPages() {
    JsonObject from = links.get(3).copy().put("hash", "f".repeat(64));
    String abandoned = abandoned(from, "now() - interval '1 minute'");

    JsonObject done = await(done(await(runs.start()).getString("id")));

    assertThat(done.getString("id")).isEqualTo(abandoned);
    JsonObject found = done.getJsonObject("verdict").getJsonObject("firstBreak");
    assertThat(found.getLong("seq")).isEqualTo(links.get(3).getLong("seq"));
    assertThat(found.getString("reason")).isEqualTo("the event no longer has the hash a verification found");
  }

  @Test
  @DisplayName("through the service: started and followed to its verdict by an auditor; an unknown id is NOT_FOUND; a customer is FORBIDDEN")
  void throughTheService() {
    FullVerification started = await(call((service, context) -> service.startFullVerification(context)));
    FullVerification done = await(doneThroughTheService(started.id()));
    Throwable unknown = failureOf(call((service, context) -> service.fullVerification(context, "fv_unknown")));
    Caller customer = new Caller(Ids.next("sub"), EnumSet.of(Caller.Role.CUSTOMER));
    Throwable refused = failureOf(call((service, context) -> service.startFullVerification(
        CallContext.of("test", customer).forAttempt(context.attempt(), context.budgetMs()))));

    assertThat(done.toJson().getJsonObject("verdict").getBoolean("intact")).isTrue();
    assertThat(((ReplyException) unknown).failureCode()).isEqualTo(ErrorCode.NOT_FOUND.code());
    assertThat(((ReplyException) refused).failureCode()).isEqualTo(ErrorCode.FORBIDDEN.code());
  }

  @Test
  @DisplayName("the periodic verification keeps the checkpoints up with the trail, and a change to its head turns its check down")
  void watchesTheChain() {
    VerificationWatch watch = new VerificationWatch(vertx, new AuditRepository(pool), runs, Duration.ofMillis(50));
    watch.start();
    try {
      JsonObject intact = await(until(watch,
          status -> status.getData() != null && status.getData().containsKey("lastSeq"))).getData();
      await(sql(vertx, database, "UPDATE audit.events SET data = jsonb_set(data, '{amount}', '99') WHERE seq = $1",
          Tuple.of(head().getLong("seq"))));
      Status broken = await(until(watch, status -> !status.isOk()));

      assertThat(intact.getLong("lastSeq")).isEqualTo(head().getLong("seq"));
      assertThat(intact.getLong("events")).isEqualTo(EVENTS);
      assertThat(broken.getData().getJsonObject("firstBreak").getString("reason"))
          .isEqualTo("the event no longer has the hash a verification found");
    } finally {
      watch.stop();
    }
  }

  @Test
  @DisplayName("the periodic verification takes over a full verification whose runner is gone, and it finishes without another start")
  void watchResumesAnAbandonedRun() {
    String abandoned = abandoned(links.get(3), "now() - interval '1 minute'");
    VerificationWatch watch = new VerificationWatch(vertx, new AuditRepository(pool), runs, Duration.ofMillis(50));
    watch.start();
    try {
      JsonObject done = await(done(abandoned));

      assertThat(done.getJsonObject("verdict").getBoolean("intact")).isTrue();
      assertThat(done.getLong("events")).isEqualTo(EVENTS);
    } finally {
      watch.stop();
    }
  }

  private Future<Status> until(VerificationWatch watch, Predicate<Status> wanted) {
    Status now = watch.status();
    return wanted.test(now) ? Future.succeededFuture(now) : vertx.timer(20).compose(waited -> until(watch, wanted));
  }

  /** A running verification, as a runner whose node died would leave it: through {@code from}, last moved at {@code movedAt}. */
  private String abandoned(JsonObject from, String movedAt) {
    String id = "fv_" + Ids.next("test");
    long hashed = links.indexOf(links.stream().filter(link -> link.getLong("seq").equals(from.getLong("seq")))
        .findFirst().orElseThrow()) + 1;
    await(sql(vertx, database, "INSERT INTO audit.full_verifications (id, moved_at, through_seq, through_hash, events)"
        + " VALUES ($1, " + movedAt + ", $2, $3, $4)", Tuple.of(id, from.getLong("seq"), from.getString("hash"), hashed)));
    return id;
  }

  private JsonObject head() {
    return links.get(links.size() - 1);
  }

  private Future<JsonObject> done(String id) {
    return runs.get(id).compose(run -> "DONE".equals(run.getString("status")) ? Future.succeededFuture(run)
        : vertx.timer(20).compose(waited -> done(id)));
  }

  private Future<FullVerification> doneThroughTheService(String id) {
    return call((service, context) -> service.fullVerification(context, id))
        .compose(run -> run.done() ? Future.succeededFuture(run)
            : vertx.timer(20).compose(waited -> doneThroughTheService(id)));
  }

  private <T> Future<T> call(java.util.function.BiFunction<AuditService, CallContext, Future<T>> method) {
    return ServiceCalls.call(vertx, AuditService.NAME, AuditService::proxy, AuditServiceV1::client, method);
  }
}
