package bank.common;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;

/** Where a service's outbox relays its events (the audit service): it confirms a batch once it has kept every event of it. */
@FunctionalInterface
public interface EventSink {
  Future<Void> deliver(JsonArray events);
}
