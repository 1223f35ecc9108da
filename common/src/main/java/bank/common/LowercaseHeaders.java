package bank.common;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends every response header name in lower case, the one style every answer can have: Vert.x
 * writes {@code content-length} and {@code transfer-encoding} itself, in lower case, after every
 * handler has run, while vertx-web's handlers and ours write other names in capitals. (Header names
 * are case-insensitive, and HTTP/2 sends them in lower case anyway.) The first handler of a router:
 * vertx-web runs the headers-end handlers last-added first, so this one sees every header the others add.
 */
public final class LowercaseHeaders implements PlatformHandler {

  @Override
  public void handle(RoutingContext context) {
    context.addHeadersEndHandler(ending -> lowercase(context.response().headers()));
    context.next();
  }

  static void lowercase(MultiMap headers) {
    if (headers.names().stream().allMatch(name -> name.equals(name.toLowerCase(Locale.ROOT)))) {
      return;
    }
    List<Map.Entry<String, String>> entries = headers.entries().stream()
        .map(entry -> Map.entry(entry.getKey(), entry.getValue()))
        .toList();
    headers.clear();
    entries.forEach(entry -> headers.add(entry.getKey().toLowerCase(Locale.ROOT), entry.getValue()));
  }
}
