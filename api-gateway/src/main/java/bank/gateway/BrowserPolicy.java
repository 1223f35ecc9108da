package bank.gateway;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CSPHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.HSTSHandler;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.handler.XFrameHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.List;
import java.util.Set;

/**
 * What browsers are told on every answer: a JSON API that is never framed, sniffed, cached or
 * allowed to load anything (vertx-web's CSP, X-Frame and HSTS handlers, and the headers they do not
 * cover), and CORS closed unless origins are listed in {@code CORS_ALLOWED_ORIGINS}.
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
    builder.rootHandler(CSPHandler.create().setDirective("default-src", "'none'").addDirective("frame-ancestors", "'none'"))
        .rootHandler(XFrameHandler.create(XFrameHandler.DENY))
        .rootHandler(HSTSHandler.create());
    if (!allowedOrigins.isEmpty()) {
      builder.rootHandler(CorsHandler.create()
          .addOrigins(allowedOrigins)
          .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST))
          .allowedHeaders(Set.of("Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"))
          .exposedHeaders(Set.of("X-Request-Id", "Location", "Idempotency-Replayed", "Retry-After", "WWW-Authenticate")));
    }
  }

  /** The headers no vertx-web handler sets: no MIME sniffing, no caching of money, no referrer. */
  private static final class PlainHeaders implements PlatformHandler {
    @Override
    public void handle(RoutingContext context) {
      context.response()
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Cache-Control", "no-store")
          .putHeader("Referrer-Policy", "no-referrer");
      context.next();
    }
  }
}
