package bank.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** One answer of a gateway's {@code GET /health/ready}: its status and each service's check. */
record Readiness(int status, JsonObject body) {

  static Readiness of(Http.Response response) {
    return new Readiness(response.status(), response.json());
  }

  boolean ready() {
    return status == 200;
  }

  /** The instances of {@code service} this gateway knows (0 if it reports none). */
  int instances(Service service) {
    return data(service).getInteger("instances", 0);
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
