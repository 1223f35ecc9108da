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
          // No service runs behind this gateway: a request the limiter lets through is a 503 unavailable.
          List<HttpResponse<Buffer>> annAnswers = answers.get(0);
          assertThat(annAnswers).as("ann's burst: past the limiter, or limited")
              .allMatch(answer -> isProblem(answer, 503, "/problems/unavailable") || isRateLimited(answer));
          assertThat(annAnswers.stream().filter(RateLimitTest::isProblemOfNoService).count())
              .as("ann's requests let through: one second's permits (two, when the burst straddles a refresh)")
              .isBetween((long) PER_SECOND, 2L * PER_SECOND);
          assertThat(answers.get(1)).as("bob, right after, within his own limit").allMatch(RateLimitTest::isProblemOfNoService);
          List<HttpResponse<Buffer>> anonymous = answers.get(2);
          assertThat(anonymous).as("no token, limited by address").allMatch(answer -> answer.statusCode() == 200 || isRateLimited(answer));
          assertThat(anonymous.stream().filter(RateLimitTest::isRateLimited).count())
              .isBetween((long) BURST - 2 * PER_SECOND, (long) BURST - PER_SECOND);
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
          List<HttpResponse<Buffer>> forgedAnswers = answers.get(0);
          assertThat(forgedAnswers).as("the forged burst: refused, or limited")
              .allMatch(answer -> isProblem(answer, 401, "/problems/unauthenticated") || isRateLimited(answer));
          assertThat(forgedAnswers.stream().filter(RateLimitTest::isRateLimited).count())
              .isBetween((long) BURST - 2 * PER_SECOND, (long) BURST - PER_SECOND);
          assertThat(answers.get(1)).as("ann, right after, from the same address").allMatch(RateLimitTest::isProblemOfNoService);
          context.completeNow();
        })));
  }

  private static boolean isRateLimited(HttpResponse<Buffer> answer) {
    return isProblem(answer, 429, "/problems/rate-limited") && "1".equals(answer.getHeader("Retry-After"));
  }

  private static boolean isProblemOfNoService(HttpResponse<Buffer> answer) {
    return isProblem(answer, 503, "/problems/unavailable");
  }

  /** A problem with this status and type. */
  private static boolean isProblem(HttpResponse<Buffer> answer, int status, String type) {
    return answer.statusCode() == status && type.equals(answer.bodyAsJsonObject().getString("type"));
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
