package bank.e2e;

import bank.account.AccountVerticle;
import bank.contracts.account.AccountService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("A node that leaves gracefully")
class GracefulLeaveTest {

  private static final int CLIENTS = 4;
  private static final int DEPOSITS_PER_CLIENT = 50;

  @Test
  @DisplayName("a second account node is used once ready, and its graceful leave under load costs no request a 5xx")
  void leaveUnderLoad(Vertx vertx, VertxTestContext context) throws Exception {
    BankCluster bank = BankCluster.atBaseline();
    Vertx extraNode = BankCluster.newNode();
    extraNode.deployVerticle(new AccountVerticle(bank.database)).await(30, TimeUnit.SECONDS);
    Api api = new Api(vertx, bank.httpPort);
    List<Integer> statuses = new CopyOnWriteArrayList<>();
    Promise<Void> left = Promise.promise();

    Eventually.poll(vertx, Duration.ofSeconds(20), () -> api.get("/health/ready"),
            ready -> Api.upInstances(ready, AccountService.NAME) == 2)
        .compose(twoInstances -> api.openAccount("EUR"))
        .compose(account -> Future.all(IntStream.range(0, CLIENTS)
                .mapToObj(client -> deposits(api, account, statuses, extraNode, left)).toList())
            .compose(done -> left.future())
            .compose(done -> api.balance(account)))
        .onComplete(context.succeeding(balance -> context.verify(() -> {
          assertThat(statuses).as("balance " + balance).hasSize(CLIENTS * DEPOSITS_PER_CLIENT).allMatch(status -> status == 201);
          assertThat(balance).isEqualTo(CLIENTS * DEPOSITS_PER_CLIENT);
          context.completeNow();
        })));
  }

  /** One client depositing 1 at a time; a quarter of the way through the load, the extra node is closed. */
  private static Future<Void> deposits(Api api, String account, List<Integer> statuses, Vertx extraNode,
      Promise<Void> left) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < DEPOSITS_PER_CLIENT; i++) {
      chain = chain.compose(previous -> api.post("/accounts/" + account + "/deposits", new JsonObject().put("amount", 1))
          .map(response -> {
            statuses.add(response.statusCode());
            if (statuses.size() == CLIENTS * DEPOSITS_PER_CLIENT / 4) {
              extraNode.close().onComplete(left);
            }
            return null;
          }));
    }
    return chain;
  }
}
