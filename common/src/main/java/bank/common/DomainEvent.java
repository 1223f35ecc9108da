package bank.common;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A fact a service records for the audit trail, written to its outbox in the transaction that
 * made it true. {@code data} is the object as the API returned it.
 */
public record DomainEvent(String type, String entityId, List<String> accountIds, String requestId, JsonObject data) {
}
