package bank.gateway;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.Map;
import java.util.UUID;

/** Reads a request that the OpenAPI contract has already validated. */
final class Requests {

  static final String INTERNAL_KEY_PREFIX = "\u00B7gw-";

  private Requests() {
  }

  static String path(RoutingContext context, String name) {
    return validated(context).getPathParameters().get(name).getString();
  }

  static JsonObject body(RoutingContext context) {
    return validated(context).getBody().getJsonObject();
  }

  /** The client's Idempotency-Key, or null when it sent none. */
  static String idempotencyKey(RoutingContext context) {
    return value(validated(context).getHeaders(), "Idempotency-Key");
  }

  /**
   * The key a write travels with: the client's, or one the gateway makes when the client sent none,
   * so that every hop may send the write again to another instance without doing it twice. A key
   * made here starts with a character that no client key has (they are printable ASCII), so the two
   * can never meet; and it is never shown to the client.
   */
  static String writeKey(RoutingContext context) {
    String key = idempotencyKey(context);
    return key != null ? key : INTERNAL_KEY_PREFIX + UUID.randomUUID();
  }

  /** The query parameters that are present, as a JSON object for the service. */
  static JsonObject query(RoutingContext context, String... names) {
    Map<String, RequestParameter> query = validated(context).getQuery();
    JsonObject present = new JsonObject();
    for (String name : names) {
      RequestParameter parameter = query.get(name);
      if (parameter != null && !parameter.isNull()) {
        present.put(name, parameter.get());
      }
    }
    return present;
  }

  private static String value(Map<String, RequestParameter> parameters, String name) {
    RequestParameter parameter = parameters.get(name);
    return parameter == null || parameter.isNull() ? null : parameter.getString();
  }

  private static ValidatedRequest validated(RoutingContext context) {
    return context.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }
}
