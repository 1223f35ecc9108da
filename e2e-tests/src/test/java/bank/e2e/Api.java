package bank.e2e;

import bank.testing.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;

/** A small HTTP client of the bank's API, as a test would call it with curl, with an administrator's token. */
final class Api {

  private final WebClient client;

  Api(Vertx vertx, int port) {
    this(vertx, port, Tokens.testAdmin());
  }

  /** A client that calls with this bearer token (see {@code Tokens}). */
  Api(Vertx vertx, int port, String token) {
    this.client = WebClientSession.create(WebClient.create(vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port), new PoolOptions().setHttp1MaxSize(64)))
        .addHeader("Authorization", "Bearer " + token);
  }

  Future<HttpResponse<Buffer>> get(String path) {
    return client.get(path).send();
  }

  Future<HttpResponse<Buffer>> post(String path, JsonObject body) {
    return client.post(path).sendJsonObject(body);
  }

  Future<HttpResponse<Buffer>> post(String path, JsonObject body, String idempotencyKey) {
    return client.post(path).putHeader("Idempotency-Key", idempotencyKey).sendJsonObject(body);
  }

  /** A request to finish by hand: add any headers, then send any body. */
  HttpRequest<Buffer> request(HttpMethod method, String path) {
    return client.request(method, path);
  }

  /** A raw request: any method, headers and body bytes. */
  Future<HttpResponse<Buffer>> send(HttpMethod method, String path, String contentType, Buffer body) {
    var request = client.request(method, path);
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    return body == null ? request.send() : request.sendBuffer(body);
  }

  Future<String> openAccount(String currency) {
    return post("/accounts", new JsonObject().put("owner", "ann").put("currency", currency))
        .map(response -> response.bodyAsJsonObject().getString("id"));
  }

  Future<Long> deposit(String account, long amount) {
    return post("/accounts/" + account + "/deposits", new JsonObject().put("amount", amount))
        .map(response -> response.bodyAsJsonObject().getLong("balance"));
  }

  Future<Long> balance(String account) {
    return get("/accounts/" + account).map(response -> response.bodyAsJsonObject().getLong("balance"));
  }

  /**
   * The instances that a readiness answer counts for a service whose check is UP; 0 when its check is
   * DOWN or missing.
   */
  static int upInstances(HttpResponse<Buffer> ready, String service) {
    JsonObject check = check(ready, service);
    return check != null && "UP".equals(check.getString("status")) ? check.getJsonObject("data").getInteger("instances") : 0;
  }

  /** A service's check in a readiness answer ({@code id}, {@code status}, {@code data}), or null. */
  static JsonObject check(HttpResponse<Buffer> ready, String service) {
    return ready.bodyAsJsonObject().getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(check -> service.equals(check.getString("id")))
        .findFirst()
        .orElse(null);
  }

  void close() {
    client.close();
  }
}
