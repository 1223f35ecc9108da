package bank.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import bank.testing.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Customers see and move only their own money")
class OwnershipTest {

  @Test
  @DisplayName("another customer's account or transfer is a 404, lists show only one's own, nothing forbidden moves money, and the trail names who did what")
  void customersAreKeptApart(Vertx vertx, VertxTestContext context) throws Exception {
    int port = BankCluster.atBaseline().httpPort;
    String ann = "ann-" + System.nanoTime();
    String bob = "bob-" + System.nanoTime();
    Api annApi = customer(vertx, port, ann);
    Api bobApi = customer(vertx, port, bob);
    Api carolApi = customer(vertx, port, "carol-" + System.nanoTime());
    Api teller = new Api(vertx, port, Tokens.hs256(Tokens.TEST_SECRET, Tokens.claims("tom", "teller")));
    Future.all(open(annApi, ann), open(bobApi, bob), open(annApi, bob))
        .compose(opened -> {
          String annAccount = opened.<HttpResponse<Buffer>>resultAt(0).bodyAsJsonObject().getString("id");
          String bobAccount = opened.<HttpResponse<Buffer>>resultAt(1).bodyAsJsonObject().getString("id");
          context.verify(() -> assertThat(opened.<HttpResponse<Buffer>>resultAt(2).statusCode())
              .as("ann opening an account in bob's name").isEqualTo(403));
          JsonObject annToBob = new JsonObject().put("from", annAccount).put("to", bobAccount).put("amount", 100);
          JsonObject bobFromAnn = new JsonObject().put("from", annAccount).put("to", bobAccount).put("amount", 100);
          return teller.post("/accounts/" + annAccount + "/deposits", new JsonObject().put("amount", 1_000))
              .compose(funded -> annApi.post("/transfers", annToBob))
              .compose(moved -> Future.all(List.of(
                  bobApi.get("/accounts/" + annAccount),
                  bobApi.get("/accounts?limit=1000"),
                  annApi.get("/accounts?limit=1000"),
                  bobApi.post("/transfers", bobFromAnn),
                  bobApi.get("/transfers/" + moved.bodyAsJsonObject().getString("id")),
                  carolApi.get("/transfers/" + moved.bodyAsJsonObject().getString("id")),
                  carolApi.get("/accounts/" + annAccount + "/transfers"),
                  annApi.post("/accounts/" + annAccount + "/deposits", new JsonObject().put("amount", 1)),
                  annApi.get("/audit"),
                  teller.get("/accounts/" + annAccount))))
              .compose(answers -> Eventually.poll(vertx, Duration.ofSeconds(20),
                      () -> new Api(vertx, port).get("/audit?accountId=" + annAccount),
                      trail -> trail.bodyAsJsonObject().getJsonArray("items").size() >= 3)
                  .map(trail -> {
                    context.verify(() -> assertThat(trail.bodyAsJsonObject().getJsonArray("items").stream()
                            .map(item -> ((JsonObject) item).getString("type") + " by " + ((JsonObject) item).getString("caller")))
                        // Two services' outboxes are relayed independently: the trail orders each service's events, not both.
                        .as("who caused each event on ann's account")
                        .containsExactlyInAnyOrder("AccountOpened by " + ann, "DepositMade by tom", "TransferCompleted by " + ann));
                    return answers;
                  }))
              .map(answers -> {
                List<HttpResponse<Buffer>> all = answers.list();
                context.verify(() -> {
                  assertThat(all.get(0).statusCode()).as("bob reads ann's account").isEqualTo(404);
                  assertThat(owners(all.get(1))).as("bob's list").containsOnly(bob);
                  assertThat(owners(all.get(2))).as("ann's list").containsOnly(ann);
                  assertThat(all.get(3).statusCode()).as("bob moves money from ann's account").isEqualTo(422);
                  assertThat(all.get(3).bodyAsJsonObject().getString("type")).isEqualTo("/problems/unknown-account");
                  assertThat(all.get(4).statusCode()).as("bob reads the transfer he received").isEqualTo(200);
                  assertThat(all.get(5).statusCode()).as("carol reads ann's transfer to bob").isEqualTo(404);
                  assertThat(all.get(6).statusCode()).as("carol reads ann's account's transfers").isEqualTo(404);
                  assertThat(all.get(7).statusCode()).as("a customer deposits").isEqualTo(403);
                  assertThat(all.get(8).statusCode()).as("a customer reads the audit trail").isEqualTo(403);
                  assertThat(all.get(9).bodyAsJsonObject().getLong("balance")).as("ann's balance").isEqualTo(900);
                });
                return null;
              });
        })
        .onComplete(context.succeedingThenComplete());
  }

  private static Api customer(Vertx vertx, int port, String subject) {
    return new Api(vertx, port, Tokens.hs256(Tokens.TEST_SECRET, Tokens.claims(subject, "customer")));
  }

  private static Future<HttpResponse<Buffer>> open(Api api, String owner) {
    return api.post("/accounts", new JsonObject().put("owner", owner).put("currency", "EUR"));
  }

  private static List<String> owners(HttpResponse<Buffer> page) {
    return page.bodyAsJsonObject().getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getString("owner")).toList();
  }
}
