package bank.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** One answer of a gateway's {@code GET /health/ready}: its status and each service's check. */
record Readiness(int status, JsonObject body) {

  static Readiness of(Http.Response response) {
    return new Readiness(response.status(), response.json());
  }

  boolean ready() {
    return status == 200;
  }

  /** The instances of {@code service} this gateway knows (0 if it reports none), each once. */
  int instances(Service service) {
    return (int) addresses(service).stream().distinct().count();
  }

  /**
   * How many of the instances the gateway lists are listed more than once: the same event-bus
   * address in two discovery records (seen after a cut-off node rejoined the cluster).
   */
  int duplicates(Service service) {
    return addresses(service).size() - instances(service);
  }

  /** The event-bus address of each instance the gateway lists, as often as it lists it. */
  private List<String> addresses(Service service) {
    JsonArray nodes = data(service).getJsonArray("nodes", new JsonArray());
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      addresses.add(nodes.getJsonObject(i).getString("address"));
    }
    return addresses;
  }

  /** The breaker states of the service's instances at this gateway, e.g. {CLOSED=1, OPEN=1}. */
  Map<String, Long> breakers(Service service) {
    JsonArray nodes = data(service).getJsonArray("nodes", new JsonArray());
    Map<String, Long> states = new TreeMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      states.merge(nodes.getJsonObject(i).getString("breaker"), 1L, Long::sum);
    }
    return states;
  }

  /** The members of the gateway's Hazelcast cluster, as its {@code cluster} check counts them (0 if it does not say). */
  int members() {
    JsonArray checks = body.getJsonArray("checks", new JsonArray());
    for (int i = 0; i < checks.size(); i++) {
      if ("cluster".equals(checks.getJsonObject(i).getString("id"))) {
        return checks.getJsonObject(i).getJsonObject("data", new JsonObject()).getInteger("members", 0);
      }
    }
    return 0;
  }

  /** The {@code database} field of the service's check, when the gateway reports one. */
  Optional<String> database(Service service) {
    return Optional.ofNullable(data(service).getString("database"));
  }

  private JsonObject data(Service service) {
    JsonArray checks = body.getJsonArray("checks", new JsonArray());
    for (int i = 0; i < checks.size(); i++) {
      JsonObject check = checks.getJsonObject(i);
      if (service.check.equals(check.getString("id"))) {
        return check.getJsonObject("data", new JsonObject());
      }
    }
    return new JsonObject();
  }

  @Override
  public String toString() {
    return status + " " + body.encode();
  }
}
