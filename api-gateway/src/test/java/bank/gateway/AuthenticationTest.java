package bank.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import bank.testing.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway's door, without any service behind it: a request that gets past authentication and
 * the role check finds no service (503); one that does not is a 401 or a 403 before anything is called.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Bearer tokens at the gateway")
class AuthenticationTest {

  private static final String SECRET = "a-test-secret-of-at-least-32-bytes!!";
  private static final String PASSED = "passed the door: no service behind it";

  @Test
  @DisplayName("no token, a forged, unsigned, expired, early, wrongly issued or garbage token: 401 with WWW-Authenticate")
  void refusesBadTokens(Vertx vertx, VertxTestContext context) {
    AuthConfig auth = new AuthConfig(true, "HS256", SECRET, "bank-test", "bank-api");
    JsonObject good = Tokens.claims("ann", "admin").put("iss", "bank-test").put("aud", "bank-api");
    long now = Instant.now().getEpochSecond();
    Map<String, String> forged = new LinkedHashMap<>();
    forged.put("no token", null);
    forged.put("garbage", "not.a.token");
    forged.put("unsigned (alg none)", Tokens.unsigned(good));
    forged.put("signed with another secret", Tokens.hs256("another-secret-of-at-least-32-bytes!!", good));
    forged.put("expired", Tokens.hs256(SECRET, good.copy().put("exp", now - 60)));
    forged.put("not valid before an hour from now", Tokens.hs256(SECRET, good.copy().put("nbf", now + 3600)));
    forged.put("without exp", Tokens.hs256(SECRET, without(good, "exp")));
    forged.put("without sub", Tokens.hs256(SECRET, without(good, "sub")));
    forged.put("another issuer", Tokens.hs256(SECRET, good.copy().put("iss", "someone-else")));
    forged.put("another audience", Tokens.hs256(SECRET, good.copy().put("aud", "another-api")));
    gateway(vertx, auth)
        .compose(client -> Future.all(forged.values().stream().map(token -> get(client, "/accounts", token)).toList())
            .compose(refused -> get(client, "/accounts", Tokens.hs256(SECRET, good)).map(accepted -> {
              context.verify(() -> {
                List<String> names = List.copyOf(forged.keySet());
                for (int i = 0; i < names.size(); i++) {
                  HttpResponse<Buffer> response = refused.resultAt(i);
                  assertThat(response.statusCode()).as(names.get(i)).isEqualTo(401);
                  assertThat(response.getHeader("WWW-Authenticate")).as(names.get(i)).isEqualTo("Bearer");
                  assertThat(response.bodyAsJsonObject().getString("type")).isEqualTo("/problems/unauthenticated");
                }
                assertThat(accepted.statusCode()).as(PASSED).isEqualTo(503);
              });
              return accepted;
            })))
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("an Authorization header without the Bearer scheme (a bare token, Basic) is a 401 saying so, with WWW-Authenticate")
  void namesTheMissingScheme(Vertx vertx, VertxTestContext context) {
    AuthConfig auth = new AuthConfig(true, "HS256", SECRET, null, null);
    String token = Tokens.hs256(SECRET, Tokens.claims("ann", "admin"));
    List<String> headers = List.of(token, "Basic YW5uOnNlY3JldA==", "Token " + token);
    gateway(vertx, auth)
        .compose(client -> Future.all(headers.stream()
            .map(header -> client.get("/accounts").putHeader("Authorization", header).send()).toList()))
        .onComplete(context.succeeding(answers -> context.verify(() -> {
          for (int i = 0; i < headers.size(); i++) {
            HttpResponse<Buffer> response = answers.resultAt(i);
            assertThat(response.statusCode()).as(headers.get(i)).isEqualTo(401);
            assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(response.bodyAsJsonObject().getString("type")).isEqualTo("/problems/unauthenticated");
            assertThat(response.bodyAsJsonObject().getString("detail"))
                .isEqualTo("the Authorization header must use the Bearer scheme: 'Authorization: Bearer <token>'");
          }
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("with an RS256 public key, an RS256 token passes and an HS256 token keyed with the public key (algorithm confusion) is a 401")
  void refusesAlgorithmConfusion(Vertx vertx, VertxTestContext context) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    String pem = "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    AuthConfig auth = new AuthConfig(true, AuthConfig.algorithmOf(pem), pem, null, null);
    JsonObject claims = Tokens.claims("ann", "admin");
    gateway(vertx, auth)
        .compose(client -> Future.all(
            get(client, "/accounts", Tokens.rs256(keys.getPrivate(), claims)),
            get(client, "/accounts", Tokens.hs256(pem.getBytes(), claims)),
            get(client, "/accounts", Tokens.hs256(keys.getPublic().getEncoded(), claims))))
        .onComplete(context.succeeding(answers -> context.verify(() -> {
          assertThat(auth.algorithm()).isEqualTo("RS256");
          assertThat(((HttpResponse<Buffer>) answers.resultAt(0)).statusCode()).as(PASSED).isEqualTo(503);
          assertThat(((HttpResponse<Buffer>) answers.resultAt(1)).statusCode()).isEqualTo(401);
          assertThat(((HttpResponse<Buffer>) answers.resultAt(2)).statusCode()).isEqualTo(401);
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("a role that may not call an operation gets 403; health, readiness and the API document need no token")
  void checksRoles(Vertx vertx, VertxTestContext context) {
    AuthConfig auth = new AuthConfig(true, "HS256", SECRET, null, null);
    JsonObject transfer = new JsonObject().put("from", "acc_a").put("to", "acc_b").put("amount", 1);
    JsonObject deposit = new JsonObject().put("amount", 1);
    gateway(vertx, auth)
        .compose(client -> Future.all(List.of(
            send(client, HttpMethod.POST, "/transfers", Tokens.hs256(SECRET, Tokens.claims("tom", "teller")), transfer),
            send(client, HttpMethod.POST, "/accounts/acc_a/deposits", Tokens.hs256(SECRET, Tokens.claims("ann", "customer")), deposit),
            send(client, HttpMethod.POST, "/accounts/acc_a/deposits", Tokens.hs256(SECRET, Tokens.claims("aud", "auditor")), deposit),
            get(client, "/audit", Tokens.hs256(SECRET, Tokens.claims("ann", "customer"))),
            get(client, "/accounts", Tokens.hs256(SECRET, Tokens.claims("nobody"))),
            send(client, HttpMethod.POST, "/accounts/acc_a/deposits", Tokens.hs256(SECRET, Tokens.claims("tom", "teller")), deposit),
            get(client, "/health", null),
            get(client, "/health/ready", null),
            get(client, "/openapi.yaml", null))))
        .onComplete(context.succeeding(answers -> context.verify(() -> {
          List<Integer> statuses = answers.<HttpResponse<Buffer>>list().stream().map(HttpResponse::statusCode).toList();
          assertThat(statuses).containsExactly(403, 403, 403, 403, 403, 503, 200, 503, 200);
          HttpResponse<Buffer> forbidden = answers.resultAt(0);
          assertThat(forbidden.bodyAsJsonObject().getString("type")).isEqualTo("/problems/forbidden");
          context.completeNow();
        })));
  }

  private static JsonObject without(JsonObject claims, String name) {
    JsonObject copy = claims.copy();
    copy.remove(name);
    return copy;
  }

  private static Future<WebClient> gateway(Vertx vertx, AuthConfig auth) {
    GatewayVerticle gateway = new GatewayVerticle(new GatewayConfig("127.0.0.1", 0, 300, auth));
    return vertx.deployVerticle(gateway).map(deployed -> WebClient.create(vertx,
        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.actualPort())));
  }

  private static Future<HttpResponse<Buffer>> get(WebClient client, String path, String token) {
    return send(client, HttpMethod.GET, path, token, null);
  }

  private static Future<HttpResponse<Buffer>> send(WebClient client, HttpMethod method, String path, String token,
      JsonObject body) {
    HttpRequest<Buffer> request = client.request(method, path);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    return body == null ? request.send() : request.sendJsonObject(body);
  }
}
