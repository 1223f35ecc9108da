package bank.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import bank.testing.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Rate limits per caller")
class RateLimitTest {

  private static final String SECRET = "a-test-secret-of-at-least-32-bytes!!";
  private static final int PER_SECOND = 5;
  private static final int BURST = 3 * PER_SECOND;

  @Test
  @DisplayName("a caller's burst over the limit gets 429 with Retry-After, while another caller, and callers without a token, keep their own limits")
  void perCaller(Vertx vertx, VertxTestContext context) {
    GatewayVerticle gateway = new GatewayVerticle(new GatewayConfig("127.0.0.1", 0, 300,
        new AuthConfig(true, "HS256", SECRET, null, null), List.of(), PER_SECOND));
    String ann = Tokens.hs256(SECRET, Tokens.claims("ann", "customer"));
    String bob = Tokens.hs256(SECRET, Tokens.claims("bob", "customer"));
    vertx.deployVerticle(gateway)
        .map(deployed -> WebClient.create(vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.actualPort())))
        .compose(client -> burst(client, ann, BURST)
            .compose(annAnswers -> burst(client, bob, PER_SECOND).compose(bobAnswers -> burst(client, null, BURST)
                .map(anonymousAnswers -> List.of(annAnswers, bobAnswers, anonymousAnswers)))))
        .onComplete(context.succeeding(answers -> context.verify(() -> {
          List<HttpResponse<Buffer>> annAnswers = answers.get(0);
          List<Integer> annStatuses = annAnswers.stream().map(HttpResponse::statusCode).toList();
          assertThat(annStatuses).as("ann's burst: 503 (past the door, no service) or 429").containsOnly(503, 429).contains(429);
          assertThat(annAnswers.stream().filter(answer -> answer.statusCode() == 429))
              .allMatch(limited -> "1".equals(limited.getHeader("Retry-After"))
                  && limited.bodyAsJsonObject().getString("type").equals("/problems/rate-limited"));
          assertThat(answers.get(1).stream().map(HttpResponse::statusCode)).as("bob, right after").containsOnly(503);
          assertThat(answers.get(2).stream().map(HttpResponse::statusCode)).as("no token, by address").contains(429);
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("forged tokens count against the client's address: a burst of them gets 429 after the limit, while a valid token from that address is served")
  void forgedTokensByAddress(Vertx vertx, VertxTestContext context) {
    GatewayVerticle gateway = new GatewayVerticle(new GatewayConfig("127.0.0.1", 0, 300,
        new AuthConfig(true, "HS256", SECRET, null, null), List.of(), PER_SECOND));
    String forged = Tokens.hs256("another-secret-of-at-least-32-bytes!!", Tokens.claims("ann", "admin"));
    String ann = Tokens.hs256(SECRET, Tokens.claims("ann", "customer"));
    vertx.deployVerticle(gateway)
        .map(deployed -> WebClient.create(vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.actualPort())))
        .compose(client -> burst(client, forged, BURST)
            .compose(forgedAnswers -> burst(client, ann, PER_SECOND).map(annAnswers -> List.of(forgedAnswers, annAnswers))))
        .onComplete(context.succeeding(answers -> context.verify(() -> {
          assertThat(answers.get(0).stream().map(HttpResponse::statusCode)).as("the forged burst")
              .containsOnly(401, 429).contains(401, 429);
          assertThat(answers.get(1).stream().map(HttpResponse::statusCode)).as("ann, right after, from the same address")
              .containsOnly(503);
          context.completeNow();
        })));
  }

  /** {@code count} requests at once, with the token (or none). */
  private static Future<List<HttpResponse<Buffer>>> burst(WebClient client, String token, int count) {
    List<Future<HttpResponse<Buffer>>> sent = IntStream.range(0, count)
        .mapToObj(i -> {
          var request = client.get(token == null ? "/health" : "/accounts");
          if (token != null) {
            request.putHeader("Authorization", "Bearer " + token);
          }
          return request.send();
        })
        .toList();
    return Future.all(sent).map(all -> sent.stream().map(Future::result).toList());
  }
}
