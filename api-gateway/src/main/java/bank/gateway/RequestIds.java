package bank.gateway;

import bank.common.RequestContext;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Accepts the client's {@code X-Request-Id} (1..128 printable ASCII characters; any other is
 * replaced by a fresh one, so that no client can fill the logs and the audit trail with its own
 * text) or makes one,
 * returns it on the response, and keeps it for the event bus, the logs and the audit trail.
 */
final class RequestIds implements PlatformHandler {

  static final String HEADER = "X-Request-Id";
  private static final String KEY = "requestId";
  private static final Pattern VALID = Pattern.compile("[\\x21-\\x7E]{1,128}");

  @Override
  public void handle(RoutingContext context) {
    String given = context.request().getHeader(HEADER);
    String requestId = given != null && VALID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    context.put(KEY, requestId);
    RequestContext.set(requestId);
    context.response().putHeader(HEADER, requestId);
    context.next();
  }

  static String of(RoutingContext context) {
    return context.get(KEY);
  }
}
