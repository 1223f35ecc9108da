package bank.contracts.transfer;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/**
 * A transfer as the API shows it (see CONTRACT.md): the reply of {@code create} and {@code get}, an
 * item of a {@link TransferPage}, and the {@code data} of its audit event.
 * <ul>
 *   <li>{@code id} ({@code tr_…}), {@code from} and {@code to} (account ids), {@code amount} (minor
 *   units);</li>
 *   <li>{@code status}: PENDING, COMPLETED or REJECTED;</li>
 *   <li>{@code currency}: the accounts' currency, once COMPLETED (absent while PENDING and when
 *   REJECTED);</li>
 *   <li>{@code reason} (an {@code ErrorCode} name, e.g. INSUFFICIENT_FUNDS) and {@code detail}: only
 *   when REJECTED;</li>
 *   <li>{@code reference}: only when the order gave one;</li>
 *   <li>{@code createdAt}: when it was recorded, an ISO-8601 instant in UTC ({@code …Z}).</li>
 * </ul>
 * Kept as the JSON it came in, so that a field a newer version adds passes through untouched.
 */
@DataObject
public final class Transfer {

  private final JsonObject json;

  public Transfer(JsonObject json) {
    this.json = json;
  }

  public String id() {
    return json.getString("id");
  }

  public String from() {
    return json.getString("from");
  }

  public String to() {
    return json.getString("to");
  }

  public String status() {
    return json.getString("status");
  }

  public boolean rejected() {
    return "REJECTED".equals(status());
  }

  public JsonObject toJson() {
    return json;
  }
}
