package bank.cluster;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Why an answer was no outcome, in words that group alike answers: the status and the problem's
 * detail with ids and numbers taken out ("504 transfer tr_… is recorded but not yet applied ..."),
 * or the exception of a request that got no answer.
 */
final class Reasons {

  private static final Pattern ID = Pattern.compile("\\b[a-z]+_[0-9a-f]{32}\\b");
  private static final Pattern UUID = Pattern.compile("\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b");
  private static final Pattern NUMBER = Pattern.compile("\\b\\d+\\b");
  private static final int LONGEST = 120;

  private Reasons() {
  }

  /** {@code null} for an outcome (2xx, 4xx but 409 and 429); else the status and the problem's detail. */
  static String of(Http.Response answer) {
    return of(answer.status(), answer.body());
  }

  static String of(int status, String body) {
    if (status < 500 && status != 409 && status != 429) {
      return null;
    }
    return status + " " + detail(body);
  }

  /** The exception of a request that got no answer. */
  static String of(Throwable failure) {
    return "no answer: " + failure.getClass().getSimpleName();
  }

  /** How often each reason came among the exchanges, the most frequent first. */
  static Map<String, Long> counted(List<Http.Exchange> exchanges) {
    return exchanges.stream().filter(exchange -> exchange.reason() != null)
        .collect(Collectors.groupingBy(Http.Exchange::reason, Collectors.counting()))
        .entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (first, second) -> first, LinkedHashMap::new));
  }

  private static String detail(String body) {
    String detail;
    try {
      detail = new JsonObject(body).getString("detail", "(no detail)");
    } catch (DecodeException | ClassCastException notAProblem) {
      detail = "(not problem+json)";
    }
    detail = NUMBER.matcher(UUID.matcher(ID.matcher(detail).replaceAll("…")).replaceAll("…")).replaceAll("N");
    return detail.length() > LONGEST ? detail.substring(0, LONGEST) + "…" : detail;
  }
}
