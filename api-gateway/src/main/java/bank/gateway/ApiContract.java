package bank.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.impl.Utils;

/**
 * The OpenAPI document the gateway serves and validates requests against.
 *
 * <p>vertx-openapi 5.0 refuses a document whose responses use media types it cannot validate,
 * {@code application/problem+json} among them, although the gateway validates requests only. So
 * the document is served as written, and the copy used for validation drops response bodies. It
 * also drops {@code servers}: the document names the relative {@code /} (the gateway that serves it,
 * wherever that is), which vertx-openapi refuses as a malformed URL; without servers the routes sit
 * at the root, as they do.
 */
final class ApiContract {

  static final String PATH = "openapi.yaml";

  private ApiContract() {
  }

  static Future<OpenAPIContract> load(Vertx vertx) {
    return Utils.readYamlOrJson(vertx, PATH)
        .map(ApiContract::forValidation)
        .compose(document -> OpenAPIContract.from(vertx, document));
  }

  /** The document without response bodies and without servers (see above). */
  private static JsonObject forValidation(JsonObject document) {
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject operations = paths.getJsonObject(path);
      for (String method : operations.fieldNames()) {
        JsonObject responses = operations.getJsonObject(method).getJsonObject("responses", new JsonObject());
        for (String status : responses.fieldNames()) {
          responses.put(status, new JsonObject().put("description", "see " + PATH));
        }
      }
    }
    document.getJsonObject("components").remove("responses");
    document.remove("servers");
    return document;
  }
}
