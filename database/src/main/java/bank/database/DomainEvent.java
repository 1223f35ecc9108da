package bank.database;

import bank.common.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.List;

/**
 * A fact a service records for the audit trail, written to its outbox in the transaction that
 * made it true. {@code caller} is the token's {@code sub} of the request that caused it (null when
 * the bank acted by itself or authentication is off: then "anonymous"); {@code data} is the object
 * as the API returned it.
 */
public record DomainEvent(String type, String entityId, List<String> accountIds, String requestId, String caller,
    JsonObject data) {

  /**
   * The version of the events' contract: their fields, and the shape of each type's {@code data}.
   * A reader takes an event without one for version 1 and ignores the fields it does not know; a
   * change that breaks that is version 2, and readers then tell the two apart by it.
   */
  public static final int VERSION = 1;

  /** The columns of an event row, in an outbox or in the trail. */
  public static final String COLUMNS = "id, type, version, at, entity_id, account_ids, request_id, caller, data";

  /**
   * An event row, of an outbox or of the trail (its {@link #COLUMNS}), as it travels to the audit
   * service and as the API shows it.
   */
  public static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("id", row.getString("id"))
        .put("type", row.getString("type"))
        .put("version", row.getInteger("version"))
        .put("at", Times.iso(row.getOffsetDateTime("at")))
        .put("entityId", row.getString("entity_id"))
        .put("accountIds", new JsonArray(List.of(row.getArrayOfStrings("account_ids"))))
        .put("requestId", row.getString("request_id"))
        .put("caller", row.getString("caller"))
        .put("data", row.getJsonObject("data"));
  }
}
