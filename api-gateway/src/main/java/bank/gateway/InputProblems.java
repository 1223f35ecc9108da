package bank.gateway;

import bank.common.Money;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI validator's findings said in words: which field is wrong and what it must be, in the
 * style of the services' own messages ({@code 'currency' must be an ISO 4217 code such as EUR, got
 * 'XYZ'}). vertx-openapi's messages name a JSON Schema keyword and a location instead, and not
 * always the right one ({@code Property "amount" does not match additional properties schema at
 * #/amount} for an amount of -5), so they are translated, never passed through. The rules restate
 * openapi.yaml's constraints in words; the bad-input tests hold the two together.
 */
final class InputProblems {

  /** What each field and parameter of the API must be. */
  private static final Map<String, String> RULES = Map.ofEntries(
      Map.entry("amount", "an integer from 1 to " + Money.MAX_AMOUNT + " (minor units)"),
      Map.entry("currency", "an ISO 4217 code such as EUR"),
      Map.entry("owner", "a text of 1 to 200 characters"),
      Map.entry("from", "an account id of 1 to 100 characters"),
      Map.entry("to", "an account id of 1 to 100 characters"),
      Map.entry("reference", "a text of at most 140 characters"),
      Map.entry("limit", "an integer from 1 to 1000"),
      Map.entry("after", "the 'next' cursor of a previous page"),
      Map.entry("accountId", "an account id of 1 to 100 characters"),
      Map.entry("id", "an id of 1 to 100 characters"),
      Map.entry("Idempotency-Key", "1 to 255 printable ASCII characters"));
  private static final Pattern PARAMETER = Pattern.compile("(query|path|header|cookie) parameter (\\S+?)[ .]");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
  private static final String BODY = "The value of the request body";
  private static final int SHOWN = 40;

  private InputProblems() {
  }

  /** The detail of the 400 for a request the validator refused. */
  static String detail(ValidatorException failure, RoutingContext context) {
    String message = String.valueOf(failure.getMessage());
    if (message.startsWith(BODY + " is missing") || message.contains("does not contain the required body")) {
      return "the body is missing: send a JSON object";
    }
    if (message.startsWith("The request body can't be decoded")) {
      return "the body is not valid JSON";
    }
    if (message.startsWith(BODY) && failure instanceof SchemaValidationException schema) {
      return bodyDetail(errors(schema.getOutputUnit()), context);
    }
    Matcher parameter = PARAMETER.matcher(message + " ");
    if (parameter.find()) {
      String name = parameter.group(2);
      if (message.startsWith("The related request")) {
        return "'" + name + "' is required";
      }
      return mustBe(name, parameterValue(context, parameter.group(1), name));
    }
    return "the request does not match the API: " + message;
  }

  private static String bodyDetail(List<OutputUnit> errors, RoutingContext context) {
    Optional<JsonObject> body = body(context);
    if (body.isEmpty()) {
      return "the body must be a JSON object";
    }
    for (OutputUnit error : errors) {
      if (error.getKeywordLocation() != null && error.getKeywordLocation().endsWith("/required")) {
        Matcher name = QUOTED.matcher(String.valueOf(error.getError()));
        if (name.find()) {
          return "'" + name.group(1) + "' is required";
        }
      }
    }
    for (String field : body.get().fieldNames()) {
      List<OutputUnit> aboutField = errors.stream()
          .filter(error -> ("#/" + field).equals(topLevel(error.getInstanceLocation())))
          .toList();
      if (!aboutField.isEmpty()) {
        return RULES.containsKey(field) && isKnown(aboutField) ? mustBe(field, body.get().getValue(field))
            : "'" + field + "' is not a field of this request";
      }
    }
    return "the body does not match the API: " + errors.stream().map(OutputUnit::getError).findFirst().orElse("");
  }

  /**
   * Whether the schema has the field the errors are about: one of them is for a keyword of the
   * field's own schema (type, minimum, pattern, ...), not only for the object's
   * {@code additionalProperties: false}.
   */
  private static boolean isKnown(List<OutputUnit> aboutField) {
    return aboutField.stream()
        .anyMatch(error -> error.getKeywordLocation() != null && !error.getKeywordLocation().contains("additionalProperties"));
  }

  private static String mustBe(String field, Object value) {
    String rule = RULES.getOrDefault(field, "as the API describes it");
    return "'" + field + "' must be " + rule + (value == null ? "" : ", got " + shown(value));
  }

  /** The value as the client sent it, cut short: a detail is not an echo chamber. */
  private static String shown(Object value) {
    if (value instanceof String string) {
      return string.length() > SHOWN ? "'" + string.substring(0, SHOWN) + "...' (" + string.length() + " characters)"
          : "'" + string + "'";
    }
    String json = Json.encode(value);
    return json.length() > SHOWN ? json.substring(0, SHOWN) + "..." : json;
  }

  private static Object parameterValue(RoutingContext context, String location, String name) {
    return switch (location) {
      case "query" -> context.request().getParam(name);
      case "header" -> context.request().getHeader(name);
      case "path" -> context.pathParam(name);
      default -> null;
    };
  }

  private static Optional<JsonObject> body(RoutingContext context) {
    try {
      Object parsed = context.body().buffer() == null ? null : Json.decodeValue(context.body().buffer());
      return parsed instanceof JsonObject object ? Optional.of(object) : Optional.empty();
    } catch (DecodeException notJson) {
      return Optional.empty();
    }
  }

  /** {@code #/amount} of {@code #/amount/x}: the top-level field an error is about. */
  private static String topLevel(String instanceLocation) {
    if (instanceLocation == null || !instanceLocation.startsWith("#/")) {
      return instanceLocation;
    }
    int end = instanceLocation.indexOf('/', 2);
    return end < 0 ? instanceLocation : instanceLocation.substring(0, end);
  }

  private static List<OutputUnit> errors(OutputUnit unit) {
    List<OutputUnit> all = new ArrayList<>();
    if (unit == null) {
      return all;
    }
    all.add(unit);
    if (unit.getErrors() != null) {
      unit.getErrors().forEach(nested -> all.addAll(errors(nested)));
    }
    return all;
  }
}
