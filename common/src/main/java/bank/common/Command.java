package bank.common;

import io.vertx.core.json.JsonObject;

/**
 * A request received on the event bus: its JSON body, the request id and the caller it carries,
 * the deadline it must be answered by, and which attempt of the caller's it is (a later attempt
 * means the caller gave up on an earlier one, which may still hold the work: see {@link Wire#ATTEMPT}).
 * The accessors check the body ({@link Fields}).
 */
public record Command(JsonObject body, String requestId, Caller caller, Deadline deadline, int attempt) {

  public Command(JsonObject body, String requestId, Caller caller) {
    this(body, requestId, caller, Deadline.in(ActionRouter.DEFAULT_BUDGET_MS), 1);
  }

  /** The caller gave up on an earlier attempt of this very request. */
  public boolean isRetry() {
    return attempt > 1;
  }

  public String string(String field) {
    return Fields.string(body, field);
  }

  public String optionalString(String field) {
    return Fields.optionalString(body, field);
  }

  public String idempotencyKey() {
    return Fields.idempotencyKey(body);
  }

  public long amount(String field) {
    return Fields.amount(body, field);
  }

  public int limit() {
    return Fields.limit(body);
  }

  public long after() {
    return Fields.after(body);
  }
}
