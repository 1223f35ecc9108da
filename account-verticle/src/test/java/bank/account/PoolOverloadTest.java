package bank.account;

import bank.database.DatabaseConfig;
import bank.database.Databases;
import bank.common.ErrorCode;
import bank.contracts.account.AccountService;
import bank.postgres.PostgresServer;
import bank.testing.ServiceRequests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The account service when its database pool is overloaded")
class PoolOverloadTest {

  private static final int REQUESTS = 60;

  @Test
  @DisplayName("requests beyond the pool's bounded wait queue fail at once as BUSY (503: load shed, not an outage), the others are served")
  void boundedQueue(Vertx vertx, VertxTestContext context) {
    DatabaseConfig configured = DatabaseConfig.of(PostgresServer.forTests().newDatabase());
    DatabaseConfig tiny = new DatabaseConfig(configured.url(), configured.connectOptions(), 1, 2);
    Databases.migrate(tiny, AccountVerticle.SCHEMA);
    vertx.deployVerticle(new AccountVerticle(tiny))
        .compose(deployed -> ServiceRequests.request(vertx, AccountService.NAME, "open",
            new JsonObject().put("owner", "ann").put("currency", "EUR")))
        .compose(opened -> {
          JsonObject get = new JsonObject().put("id", opened.body().getString("id"));
          List<Future<Integer>> outcomes = IntStream.range(0, REQUESTS)
              .mapToObj(i -> ServiceRequests.request(vertx, AccountService.NAME, "get", get)
                  .map(found -> 0)
                  .otherwise(failure -> failure instanceof ReplyException reply ? reply.failureCode() : -1))
              .toList();
          return Future.all(outcomes).map(all -> outcomes.stream().map(Future::result).toList());
        })
        .onComplete(context.succeeding(codes -> context.verify(() -> {
          assertThat(codes).as("0 = served, else the failure code").containsOnly(0, ErrorCode.BUSY.code());
          assertThat(codes).contains(0, ErrorCode.BUSY.code());
          context.completeNow();
        })));
  }
}
