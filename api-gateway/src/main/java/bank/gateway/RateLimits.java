package bank.gateway;

import bank.common.ErrorCode;
import bank.common.ServiceException;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests per second per caller (CONTRACT section 4): a Resilience4j RateLimiter per caller, the
 * token's {@code sub} once it is verified, the client's address for a request without a token.
 * Over the limit the answer is {@code 429} with {@code Retry-After}. The limiters of the callers seen
 * last are kept (least recently used first out), so memory stays bounded whoever calls.
 */
final class RateLimits {

  private static final int MAX_CALLERS = 100_000;
  private static final Duration PERIOD = Duration.ofSeconds(1);

  private final RateLimiterConfig config;
  private final boolean tokensVerified;
  private final Map<String, RateLimiter> limiters = new LinkedHashMap<>(1_024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, RateLimiter> eldest) {
      return size() > MAX_CALLERS;
    }
  };

  RateLimits(int perSecond, boolean tokensVerified) {
    this.tokensVerified = tokensVerified;
    this.config = RateLimiterConfig.custom()
        .limitForPeriod(perSecond)
        .limitRefreshPeriod(PERIOD)
        .timeoutDuration(Duration.ZERO)
        .build();
  }

  /**
   * First on every route: limits by address the requests that carry no token, and every request
   * when no token is verified ({@code AUTH=off}).
   */
  PlatformHandler byAddress() {
    return context -> {
      boolean bySubjectLater = tokensVerified && context.request().getHeader("Authorization") != null;
      if (bySubjectLater || allow("address " + address(context))) {
        context.next();
      } else {
        refuse(context);
      }
    };
  }

  /**
   * A failure handler: a request whose token failed verification is unauthenticated, so it counts
   * against its address like a request without a token, and over the limit it gets {@code 429}
   * instead of {@code 401}. A flood of forged tokens is limited; a valid token from the same address
   * is not, since it is limited by its subject.
   */
  Handler<RoutingContext> unauthenticatedByAddress() {
    return context -> {
      if (isUnauthenticated(context) && !allow("address " + address(context))) {
        refuse(context);
      } else {
        context.next();
      }
    };
  }

  /** vertx-web's {@code fail} takes an HttpException's status as the context's status code. */
  private static boolean isUnauthenticated(RoutingContext context) {
    return context.statusCode() == 401;
  }

  /** After the token was verified: limits by its subject. */
  boolean allowSubject(String subject) {
    return allow("sub " + subject);
  }

  static void refuse(RoutingContext context) {
    context.fail(new ServiceException(ErrorCode.RATE_LIMITED, "too many requests: retry after the time in Retry-After"));
  }

  private boolean allow(String caller) {
    // Never waits (timeout 0): an event loop must not block.
    return limiters.computeIfAbsent(caller, name -> RateLimiter.of(name, config)).acquirePermission();
  }

  private static String address(RoutingContext context) {
    return context.request().remoteAddress() == null ? "unknown" : context.request().remoteAddress().hostAddress();
  }
}
