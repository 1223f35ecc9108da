package bank.e2e;

import bank.account.AccountVerticle;
import bank.contracts.account.AccountService;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("More instances and more nodes of a service")
class ScalingTest {

  private static final int REQUESTS = 30;

  @Test
  @DisplayName("a node that joins with two instances is used at once, and requests go round robin to every instance on every node")
  void roundRobinAcrossNodesAndInstances(Vertx vertx, VertxTestContext context) throws Exception {
    BankCluster bank = BankCluster.atBaseline();
    Map<String, Integer> served = new ConcurrentHashMap<>();
    Handler<DeliveryContext<Object>> counter = delivery -> {
      if (delivery.message().address().startsWith(AccountService.ADDRESS + ".")) {
        served.merge(delivery.message().address(), 1, Integer::sum);
      }
      delivery.next();
    };
    Vertx extraNode = BankCluster.newNode();
    extraNode.deployVerticle(() -> new AccountVerticle(bank.database), new DeploymentOptions().setInstances(2))
        .await(30, TimeUnit.SECONDS);
    bank.accountNode.eventBus().addInboundInterceptor(counter);
    extraNode.eventBus().addInboundInterceptor(counter);
    Api api = new Api(vertx, bank.httpPort);

    Eventually.poll(vertx, Duration.ofSeconds(20), () -> api.get("/health/ready"),
            ready -> Api.upInstances(ready, AccountService.NAME) == 3)
        .compose(threeInstances -> api.openAccount("EUR"))
        .compose(account -> {
          served.clear();
          Future<?> chain = Future.succeededFuture();
          for (int i : IntStream.range(0, REQUESTS).toArray()) {
            chain = chain.compose(previous -> api.get("/accounts/" + account));
          }
          return chain;
        })
        .eventually(() -> {
          bank.accountNode.eventBus().removeInboundInterceptor(counter);
          return extraNode.close();
        })
        .onComplete(context.succeeding(done -> context.verify(() -> {
          assertThat(served).as("requests served per instance").hasSize(3);
          assertThat(served.values()).as("requests served per instance: " + served)
              .allMatch(count -> count == REQUESTS / 3);
          context.completeNow();
        })));
  }
}
