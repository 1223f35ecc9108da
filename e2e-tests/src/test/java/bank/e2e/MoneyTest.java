package bank.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Money under concurrency")
class MoneyTest {

  private static final int ACCOUNTS = 5;
  private static final int CLIENTS = 8;
  private static final int TRANSFERS_PER_CLIENT = 40;
  private static final long INITIAL = 10_000;

  private Api api;

  @BeforeEach
  void connect(Vertx vertx) throws Exception {
    api = new Api(vertx, BankCluster.atBaseline().httpPort);
  }

  @Test
  @DisplayName("concurrent random transfers conserve money in every snapshot, never overdraw, and end where the outcomes say")
  void concurrentTransfersConserveMoney(Vertx vertx, VertxTestContext context) {
    List<String> snapshotFailures = Collections.synchronizedList(new ArrayList<>());
    List<Long> snapshotTotals = Collections.synchronizedList(new ArrayList<>());
    Map<String, Long> expected = new HashMap<>();
    Future.all(IntStream.range(0, ACCOUNTS).mapToObj(i -> api.openAccount("EUR")
            .compose(id -> api.deposit(id, INITIAL).map(id))).toList())
        .compose(opened -> {
          List<String> ids = opened.list();
          ids.forEach(id -> expected.put(id, INITIAL));
          return totalOfAllAccounts().compose(before -> {
            Promise<Void> transfersDone = Promise.promise();
            Future<Void> snapshots = readSnapshots(before, transfersDone.future(), snapshotTotals, snapshotFailures);
            Future.all(IntStream.range(0, CLIENTS).mapToObj(client -> runClient(ids, new Random(client), expected)).toList())
                .onComplete(done -> transfersDone.complete());
            return snapshots.map(ids);
          });
        })
        .compose(ids -> Future.all(ids.stream().map(id -> api.balance(id).map(balance -> Map.entry(id, balance))).toList()))
        .onComplete(context.succeeding(finals -> context.verify(() -> {
          assertThat(snapshotFailures).isEmpty();
          assertThat(snapshotTotals).isNotEmpty();
          for (Object item : finals.list()) {
            @SuppressWarnings("unchecked")
            Map.Entry<String, Long> balance = (Map.Entry<String, Long>) item;
            assertThat(balance.getValue()).isGreaterThanOrEqualTo(0);
            assertThat(balance.getValue()).as("balance of %s", balance.getKey()).isEqualTo(expected.get(balance.getKey()));
          }
          context.completeNow();
        })));
  }

  /** One client: transfers one after another, and books each definite outcome into {@code expected}. */
  private Future<Void> runClient(List<String> ids, Random random, Map<String, Long> expected) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < TRANSFERS_PER_CLIENT; i++) {
      String from = ids.get(random.nextInt(ids.size()));
      String to = ids.get((ids.indexOf(from) + 1 + random.nextInt(ids.size() - 1)) % ids.size());
      long amount = 1 + random.nextInt(6_000);
      chain = chain.compose(previous -> api.post("/transfers",
              new JsonObject().put("from", from).put("to", to).put("amount", amount))
          .map(response -> {
            if (response.statusCode() == 201) {
              synchronized (expected) {
                expected.merge(from, -amount, Long::sum);
                expected.merge(to, amount, Long::sum);
              }
            } else if (response.statusCode() != 422) {
              throw new AssertionError("unexpected answer " + response.statusCode() + ": " + response.bodyAsString());
            }
            return null;
          }));
    }
    return chain;
  }

  /** Reads the account list until the transfers are done; every snapshot must add up to the same total. */
  private Future<Void> readSnapshots(long total, Future<Void> until, List<Long> totals, List<String> failures) {
    return totalOfAllAccounts().compose(seen -> {
      totals.add(seen);
      if (seen != total) {
        failures.add("a snapshot summed to " + seen + " instead of " + total);
      }
      return until.isComplete() ? Future.succeededFuture() : readSnapshots(total, until, totals, failures);
    });
  }

  private Future<Long> totalOfAllAccounts() {
    return api.get("/accounts?limit=1000").map(response -> {
      JsonObject page = response.bodyAsJsonObject();
      assertThat(page.getString("next")).as("all accounts fit in one snapshot").isNull();
      JsonArray items = page.getJsonArray("items");
      long sum = 0;
      for (int i = 0; i < items.size(); i++) {
        long balance = items.getJsonObject(i).getLong("balance");
        if (balance < 0) {
          throw new AssertionError("negative balance in a snapshot: " + items.getJsonObject(i));
        }
        sum += balance;
      }
      return sum;
    });
  }
}
