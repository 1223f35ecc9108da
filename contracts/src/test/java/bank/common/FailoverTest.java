package bank.common;

import static org.assertj.core.api.Assertions.assertThat;

import bank.contracts.ServiceEndpoint;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A caller and three nodes of one real Hazelcast cluster in this JVM: a twin that answers at once,
 * a stuck node that takes requests and never answers (a frozen process), and a doomed node that
 * does the same until its cluster member is killed. Every request has a deadline far longer than
 * any bound asserted here, so a request that waited out a lost node would fail the test.
 */
@DisplayName("A caller whose service instance dies or freezes with requests in flight")
class FailoverTest {

  private static final String CLUSTER = "bank-failover-" + ProcessHandle.current().pid();
  private static final long DEADLINE_MS = 20_000;
  private static final int REQUESTS = 6;
  private static Vertx caller;
  private static Vertx twin;
  private static Vertx stuck;
  private static Vertx doomed;
  private static Context callerContext;
  private static ServiceDirectory directory;

  @BeforeAll
  static void start() throws Exception {
    caller = join();
    twin = join();
    stuck = join();
    doomed = join();
    for (String service : List.of("lost-service", "frozen-service", "paused-service")) {
      serve(twin, service, command -> Future.succeededFuture(Reply.of(new JsonObject()
          .put("by", "twin").put("attempt", command.attempt()).put("budgetMs", command.deadline().remainingMs()))));
    }
    serve(doomed, "lost-service", command -> Promise.<Reply>promise().future());
    serve(stuck, "frozen-service", command -> Promise.<Reply>promise().future());
    serve(stuck, "paused-service", command -> Promise.<Reply>promise().future());
    callerContext = caller.getOrCreateContext();
    directory = onCaller(() -> {
      ServiceDirectory started = new ServiceDirectory(caller);
      return started.start().map(started);
    });
    long until = System.currentTimeMillis() + 30_000;
    while (onCaller(() -> Future.succeededFuture(directory.live("lost-service").size() + directory.live("frozen-service").size()
        + directory.live("paused-service").size())) < 6) {
      assertThat(System.currentTimeMillis()).as("each service's two instances announced").isLessThan(until);
      Thread.sleep(50);
    }
  }

  @AfterAll
  static void stop() {
    for (Vertx node : new Vertx[] {caller, twin, stuck, doomed}) {
      if (node != null) {
        node.close().otherwiseEmpty().toCompletionStage().toCompletableFuture().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
      }
    }
  }

  @Test
  @DisplayName("the requests in flight to a node that leaves the cluster are sent to the twin at once, not left to their deadline")
  void nodeLost() throws Exception {
    ServiceCaller calls = onCaller(() -> Future.succeededFuture(new ServiceCaller(caller, directory, "lost-service", ServiceCaller.PATIENT)));
    long started = System.nanoTime();
    List<Future<Message<JsonObject>>> answers = onCaller(() -> Future.succeededFuture(IntStream.range(0, REQUESTS)
        .mapToObj(i -> calls.request("echo", new JsonObject(), "lost-" + i, Deadline.in(DEADLINE_MS))).toList()));
    Thread.sleep(500);
    assertThat(answers).as("the doomed node's requests hang until it dies").anyMatch(answer -> !answer.isComplete());
    hazelcastOf(doomed).getHazelcastInstance().getLifecycleService().terminate();

    List<JsonObject> bodies = awaitAll(answers);
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertThat(bodies).extracting(body -> body.getString("by")).containsOnly("twin");
    assertThat(bodies).extracting(body -> body.getInteger("attempt")).as("attempts of each answered request").contains(1, 2);
    assertThat(millis).as("all answered long before the %d ms deadline", DEADLINE_MS).isLessThan(10_000);
  }

  @Test
  @DisplayName("a frozen instance costs one short attempt, then the twin answers, and the next requests go to the twin first")
  void nodeFrozen() throws Exception {
    ServiceCaller calls = onCaller(() -> Future.succeededFuture(new ServiceCaller(caller, directory, "frozen-service", 300)));
    long started = System.nanoTime();
    List<Future<Message<JsonObject>>> answers = onCaller(() -> Future.succeededFuture(IntStream.range(0, REQUESTS)
        .mapToObj(i -> calls.request("echo", new JsonObject(), "frozen-" + i, Deadline.in(DEADLINE_MS))).toList()));
    List<JsonObject> bodies = awaitAll(answers);
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertThat(bodies).extracting(body -> body.getString("by")).containsOnly("twin");
    assertThat(bodies).extracting(body -> body.getInteger("attempt")).contains(1, 2);
    assertThat(millis).as("answered long before the %d ms deadline", DEADLINE_MS).isLessThan(5_000);

    List<JsonObject> next = awaitAll(onCaller(() -> Future.succeededFuture(IntStream.range(0, 2)
        .mapToObj(i -> calls.request("echo", new JsonObject(), "after-" + i, Deadline.in(DEADLINE_MS))).toList())));
    assertThat(next).extracting(body -> body.getInteger("attempt")).as("first attempts, straight to the twin").containsOnly(1);
  }

  @Test
  @DisplayName("a frozen instance that is still a cluster member gets a twin attempt for every request it holds, and then one trial request per suspicion, not one per request")
  void frozenMemberTriedOncePerSuspicion() throws Exception {
    ServiceCaller calls = onCaller(() -> Future.succeededFuture(new ServiceCaller(caller, directory, "paused-service", 300)));
    // More requests at once than the hedge ration (10): the ration is for a service slow for everyone,
    // not for one silent instance beside a healthy twin.
    List<JsonObject> burst = awaitAll(onCaller(() -> Future.succeededFuture(IntStream.range(0, 40)
        .mapToObj(i -> calls.request("echo", new JsonObject(), "burst-" + i, Deadline.in(DEADLINE_MS))).toList())));
    assertThat(burst).extracting(body -> body.getString("by")).containsOnly("twin");
    assertThat(burst).extracting(body -> body.getInteger("attempt")).as("first attempts at the twin, twin attempts after the stuck one").contains(1, 2);

    long until = System.currentTimeMillis() + 4_000;
    int sent = 0;
    int late = 0;
    while (System.currentTimeMillis() < until) {
      JsonObject body = awaitAll(onCaller(() -> Future.succeededFuture(List.of(
          calls.request("echo", new JsonObject(), "steady", Deadline.in(DEADLINE_MS)))))).get(0);
      sent++;
      late += body.getInteger("attempt") > 1 ? 1 : 0;
    }
    assertThat(late).as("requests of %d that tried the stuck instance first, in 4 s of 3 s suspicions", sent).isBetween(1, 2);
  }

  @Test
  @DisplayName("each hop gets what is left of the request's deadline, less a margin; with no time left, no request is sent")
  void deadlineTravels() throws Exception {
    ServiceCaller calls = onCaller(() -> Future.succeededFuture(new ServiceCaller(caller, directory, "frozen-service", ServiceCaller.PATIENT)));
    // The stuck instance would hold the request: send until the twin answers (round robin).
    JsonObject answer = null;
    for (int i = 0; i < 4 && answer == null; i++) {
      Future<Message<JsonObject>> reply = onCaller(() -> Future.succeededFuture(
          calls.request("echo", new JsonObject(), "budget", Deadline.in(2_000))));
      try {
        answer = reply.toCompletionStage().toCompletableFuture().get(3, TimeUnit.SECONDS).body();
      } catch (Exception stuckOne) {
        // That one went to the stuck instance.
      }
    }
    assertThat(answer).isNotNull();
    assertThat(answer.getLong("budgetMs")).isBetween(1L, 2_000L - Deadline.HOP_MARGIN_MS);

    Future<Message<JsonObject>> late = onCaller(() -> Future.succeededFuture(
        calls.request("echo", new JsonObject(), "late", Deadline.in(0))));
    Throwable refused = late.toCompletionStage().toCompletableFuture().handle((ok, failure) -> failure).get(1, TimeUnit.SECONDS);
    assertThat(refused).isInstanceOf(ServiceException.class);
    assertThat(((ServiceException) refused).code()).isEqualTo(ErrorCode.TIMEOUT);
  }

  private static Vertx join() throws Exception {
    return ClusteredVertx.start(NodeConfig.loopback(CLUSTER)).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static void serve(Vertx node, String service, java.util.function.Function<Command, Future<Reply>> echo) throws Exception {
    ActionRouter router = new ActionRouter(service).on("echo", echo);
    ServiceEndpoint.start(node, service, "test." + service, router).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Runs on the caller's event loop (a ServiceCaller and its directory are used from there only). */
  private static <T> T onCaller(Supplier<Future<T>> work) throws Exception {
    Promise<T> done = Promise.promise();
    callerContext.runOnContext(go -> work.get().onComplete(done));
    return done.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static List<JsonObject> awaitAll(List<Future<Message<JsonObject>>> answers) throws Exception {
    Future.all(answers).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    return answers.stream().map(answer -> answer.result().body()).toList();
  }

  private static HazelcastClusterManager hazelcastOf(Vertx node) {
    return (HazelcastClusterManager) ((VertxInternal) node).clusterManager();
  }
}
