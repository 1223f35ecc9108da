package bank.gateway;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * Refuses a request body that is not {@code application/json} with 415, before anything reads it
 * (a platform handler, so that it runs ahead of the body handler).
 */
final class JsonBodies implements PlatformHandler {

  @Override
  public void handle(RoutingContext context) {
    if (context.request().method() == HttpMethod.POST && hasBody(context) && !isJson(context)) {
      context.fail(415);
      return;
    }
    context.next();
  }

  private static boolean hasBody(RoutingContext context) {
    String length = context.request().getHeader("Content-Length");
    return context.request().getHeader("Transfer-Encoding") != null || (length != null && !length.equals("0"));
  }

  private static boolean isJson(RoutingContext context) {
    String type = context.request().getHeader("Content-Type");
    return type != null && type.toLowerCase().trim().matches("application/json\\s*(;.*)?");
  }
}
