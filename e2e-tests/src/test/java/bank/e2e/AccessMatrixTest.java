package bank.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import bank.testing.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every route against every kind of caller (CONTRACT section 4): no token, the owning customer,
 * another customer, a teller, an auditor, an administrator. Ann owns account A and sent transfer T
 * to Bob's account B; Carol is the other customer, and nothing of Ann's may reach her.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Who may call what: every route, every role")
class AccessMatrixTest {

  private static final List<String> CALLERS = List.of("none", "ann", "carol", "teller", "auditor", "admin");

  private record Call(HttpMethod method, String path, JsonObject body, List<Integer> expected) {
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("each route answers each caller as the contract says, and no answer to Carol mentions Ann's account")
  void matrix(Vertx vertx, VertxTestContext context) throws Exception {
    int port = BankCluster.atBaseline().httpPort;
    String suffix = Long.toString(System.nanoTime());
    Map<String, String> subjects = new LinkedHashMap<>();
    subjects.put("ann", "ann-" + suffix);
    subjects.put("carol", "carol-" + suffix);
    subjects.put("teller", "tom-" + suffix);
    subjects.put("auditor", "alice-" + suffix);
    subjects.put("admin", "root-" + suffix);
    Map<String, String> tokens = Map.of(
        "ann", token(subjects.get("ann"), "customer"), "carol", token(subjects.get("carol"), "customer"),
        "teller", token(subjects.get("teller"), "teller"), "auditor", token(subjects.get("auditor"), "auditor"),
        "admin", token(subjects.get("admin"), "admin"));
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    Api admin = new Api(vertx, port);
    List<String> mismatches = new ArrayList<>();

    admin.post("/accounts", new JsonObject().put("owner", subjects.get("ann")).put("currency", "EUR"))
        .compose(a -> admin.post("/accounts", new JsonObject().put("owner", "bob-" + suffix).put("currency", "EUR"))
            .compose(b -> admin.post("/accounts/" + id(a) + "/deposits", new JsonObject().put("amount", 1_000))
                .compose(funded -> new Api(vertx, port, tokens.get("ann")).post("/transfers",
                    new JsonObject().put("from", id(a)).put("to", id(b)).put("amount", 10)))
                .compose(t -> {
                  String account = id(a);
                  JsonObject transfer = new JsonObject().put("from", account).put("to", id(b)).put("amount", 1);
                  JsonObject one = new JsonObject().put("amount", 1);
                  //                                        none  ann  carol teller auditor admin
                  List<Call> calls = List.of(
                      new Call(HttpMethod.GET, "/accounts", null, List.of(401, 200, 200, 200, 200, 200)),
                      new Call(HttpMethod.GET, "/accounts/" + account, null, List.of(401, 200, 404, 200, 200, 200)),
                      new Call(HttpMethod.POST, "/accounts/" + account + "/deposits", one, List.of(401, 403, 403, 201, 403, 201)),
                      new Call(HttpMethod.POST, "/accounts/" + account + "/withdrawals", one, List.of(401, 403, 403, 201, 403, 201)),
                      new Call(HttpMethod.GET, "/accounts/" + account + "/transfers", null, List.of(401, 200, 404, 200, 200, 200)),
                      new Call(HttpMethod.POST, "/transfers", transfer, List.of(401, 201, 422, 403, 403, 201)),
                      new Call(HttpMethod.GET, "/transfers/" + id(t), null, List.of(401, 200, 404, 200, 200, 200)),
                      new Call(HttpMethod.GET, "/audit", null, List.of(401, 403, 403, 403, 200, 200)),
                      new Call(HttpMethod.GET, "/health", null, List.of(200, 200, 200, 200, 200, 200)),
                      new Call(HttpMethod.GET, "/openapi.yaml", null, List.of(200, 200, 200, 200, 200, 200)));
                  Future<Void> chain = Future.succeededFuture();
                  for (Call call : calls) {
                    for (int i = 0; i < CALLERS.size(); i++) {
                      String caller = CALLERS.get(i);
                      int expected = call.expected().get(i);
                      chain = chain.compose(done -> send(client, call, tokens.get(caller)).map(answer -> {
                        if (answer.statusCode() != expected) {
                          mismatches.add(call.method() + " " + call.path() + " as " + caller + ": " + answer.statusCode()
                              + " (expected " + expected + ") " + answer.bodyAsString());
                        }
                        if (caller.equals("carol") && answer.statusCode() < 300 && answer.bodyAsString() != null
                            && (answer.bodyAsString().contains(account) || answer.bodyAsString().contains(subjects.get("ann")))
                            && !call.path().equals("/openapi.yaml")) {
                          mismatches.add(call.method() + " " + call.path() + " showed Carol Ann's data: " + answer.bodyAsString());
                        }
                        return null;
                      }));
                    }
                  }
                  // Opening an account: in one's own name for a customer; never for a teller or an auditor.
                  for (String caller : CALLERS) {
                    int expected = switch (caller) {
                      case "none" -> 401;
                      case "teller", "auditor" -> 403;
                      default -> 201;
                    };
                    JsonObject body = new JsonObject().put("owner", subjects.getOrDefault(caller, "x")).put("currency", "EUR");
                    chain = chain.compose(done -> send(client, new Call(HttpMethod.POST, "/accounts", body, null), tokens.get(caller))
                        .map(answer -> {
                          if (answer.statusCode() != expected) {
                            mismatches.add("POST /accounts as " + caller + ": " + answer.statusCode() + " (expected " + expected + ")");
                          }
                          return null;
                        }));
                  }
                  return chain;
                })))
        .onComplete(context.succeeding(done -> context.verify(() -> {
          assertThat(mismatches).isEmpty();
          context.completeNow();
        })));
  }

  private static String token(String subject, String role) {
    return Tokens.hs256(Tokens.TEST_SECRET, Tokens.claims(subject, role));
  }

  private static String id(HttpResponse<Buffer> created) {
    return created.bodyAsJsonObject().getString("id");
  }

  private static Future<HttpResponse<Buffer>> send(WebClient client, Call call, String token) {
    var request = client.request(call.method(), call.path());
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    return call.body() == null ? request.send() : request.sendJsonObject(call.body());
  }
}
