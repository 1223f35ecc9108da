package bank.contracts.audit;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/**
 * A verification of the whole trail, from its first event, run by the audit service in the
 * background and in pages:
 * <ul>
 *   <li>{@code id} ({@code fv_…});</li>
 *   <li>{@code status}: {@code RUNNING}, {@code DONE}, or {@code FAILED} (taken over more than five
 *   times, its pages failing each time: it gave up, with a {@code reason} instead of a verdict);</li>
 *   <li>{@code startedAt}, {@code movedAt} (its last page), {@code finishedAt} (once done): ISO instants;</li>
 *   <li>{@code throughSeq}, {@code events}: every event through that {@code seq} hashed, so many
 *   events, the chain intact so far (0 and 0 before its first page);</li>
 *   <li>{@code verdict}, once done: the {@link ChainVerdict} of the whole trail ({@code verifiedAfter} 0).</li>
 * </ul>
 */
@DataObject
public final class FullVerification {

  private final JsonObject json;

  public FullVerification(JsonObject json) {
    this.json = json;
  }

  public String id() {
    return json.getString("id");
  }

  public boolean done() {
    return "DONE".equals(json.getString("status"));
  }

  public JsonObject toJson() {
    return json;
  }
}
