package bank.gateway;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.HSTSHandler;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.List;
import java.util.Set;

/**
 * What browsers are told on every answer: a JSON API that is never framed, sniffed, cached or
 * allowed to load anything, HTTPS only from the first HTTPS answer on (vertx-web's HSTS handler, which
 * sends it only over TLS), and CORS closed unless origins are listed in {@code CORS_ALLOWED_ORIGINS}.
 */
final class BrowserPolicy {

  private BrowserPolicy() {
  }

  /** A platform handler: first on every route, so that every answer (a 404, a 413) carries them. */
  static PlatformHandler headers() {
    return new PlainHeaders();
  }

  /** The security policy handlers, after the platform handlers and before the body is read. */
  static void restrict(RouterBuilder builder, List<String> allowedOrigins) {
    builder.rootHandler(HSTSHandler.create());
    if (!allowedOrigins.isEmpty()) {
      builder.rootHandler(CorsHandler.create()
          .addOrigins(allowedOrigins)
          .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST))
          .allowedHeaders(Set.of("Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"))
          .exposedHeaders(Set.of("X-Request-Id", "Location", "Idempotency-Replayed", "Retry-After", "WWW-Authenticate")));
    }
  }

  /**
   * Constant headers, set by a platform handler rather than vertx-web's CSP and X-Frame handlers
   * (security policy handlers, which run after the platform handlers) so that the answers platform
   * handlers give themselves (a 415, a 429, a 503) carry them too: nothing loaded, never framed, no
   * MIME sniffing, no caching of money, no referrer.
   */
  private static final class PlainHeaders implements PlatformHandler {
    @Override
    public void handle(RoutingContext context) {
      context.response()
          .putHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
          .putHeader("X-Frame-Options", "DENY")
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Cache-Control", "no-store")
          .putHeader("Referrer-Policy", "no-referrer");
      context.next();
    }
  }
}
