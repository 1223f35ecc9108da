package bank.testing;

import bank.common.Deadline;
import bank.common.ServiceCaller;
import bank.common.ServiceDirectory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * A test's request to a service, as a caller in production makes it: the instance is found in the
 * discovery registry ({@link ServiceDirectory}) and asked at its own address. One-off: each request
 * reads the registry, which is fine for tests and too slow for anything else.
 */
public final class ServiceRequests {

  private static final long TIMEOUT_MS = 30_000;

  private ServiceRequests() {
  }

  public static Future<Message<JsonObject>> request(Vertx vertx, String service, String action, JsonObject body) {
    ServiceDirectory directory = new ServiceDirectory(vertx);
    return directory.start()
        .compose(ready -> new ServiceCaller(vertx, directory, service).request(action, body, "test", Deadline.in(TIMEOUT_MS)))
        .eventually(() -> {
          directory.stop();
          return Future.succeededFuture();
        });
  }
}
