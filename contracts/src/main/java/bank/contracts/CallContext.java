package bank.contracts;

import bank.common.Caller;
import bank.common.Deadline;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * What travels with every call besides its arguments: the contract version the caller speaks, the
 * X-Request-Id of the HTTP request behind it, on whose behalf it is made, how long the receiver has
 * to answer, and which attempt of the caller's it is.
 *
 * <ul>
 *   <li>{@code contract}: the version of the service's contract (missing: 1, the flat messages of 0.1.0).</li>
 *   <li>{@code requestId}: for the logs of every hop.</li>
 *   <li>{@code callerSub}, {@code callerRoles}: the HTTP caller, whom each service checks for what it
 *   owns; none: the bank itself (a service, the outbox relay, a test), which is trusted.</li>
 *   <li>{@code budgetMs}: the milliseconds the receiver has to answer (missing: 10 s). A duration,
 *   not a clock time, as the nodes' clocks need not agree; the receiver's deadline starts when it
 *   reads the call.</li>
 *   <li>{@code attempt}: 1, 2, ...; a later attempt means the caller gave up on an earlier one (its
 *   instance left the cluster or did not answer in time), which may still hold the work: every
 *   method is safe to repeat.</li>
 * </ul>
 */
@DataObject
public final class CallContext {

  /** The version of the typed contracts, which this release serves beside version 1. */
  public static final int CONTRACT = 2;
  /** The time a call that carries no budget gets. */
  public static final long DEFAULT_BUDGET_MS = 10_000;

  private final int contract;
  private final String requestId;
  private final Caller caller;
  private final long budgetMs;
  private final int attempt;
  private final Deadline deadline;

  private CallContext(int contract, String requestId, Caller caller, long budgetMs, int attempt) {
    this.contract = contract;
    this.requestId = requestId;
    this.caller = caller;
    this.budgetMs = budgetMs;
    this.attempt = attempt;
    this.deadline = Deadline.in(budgetMs);
  }

  /** A first attempt on behalf of {@code caller}, with the whole default budget. */
  public static CallContext of(String requestId, Caller caller) {
    return new CallContext(CONTRACT, requestId, caller, DEFAULT_BUDGET_MS, 1);
  }

  /** As the bank itself. */
  public static CallContext internal(String requestId) {
    return of(requestId, Caller.INTERNAL);
  }

  /** A call that came in version 1's flat messages, whose headers carried this. */
  public static CallContext version1(String requestId, Caller caller, long budgetMs, int attempt) {
    return new CallContext(1, requestId, caller, budgetMs, attempt);
  }

  /** As read by the receiver: its deadline starts now. */
  public CallContext(JsonObject json) {
    this(json.getInteger("contract", 1), json.getString("requestId"), callerOf(json),
        Math.max(0, json.getLong("budgetMs", DEFAULT_BUDGET_MS)), Math.max(1, json.getInteger("attempt", 1)));
  }

  /** The same call's attempt number {@code attempt}, giving the receiver {@code budgetMs}. */
  public CallContext forAttempt(int attempt, long budgetMs) {
    return new CallContext(contract, requestId, caller, budgetMs, attempt);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("contract", contract).put("budgetMs", budgetMs).put("attempt", attempt);
    if (requestId != null) {
      json.put("requestId", requestId);
    }
    if (caller.subject() != null) {
      JsonArray roles = new JsonArray();
      caller.roles().forEach(role -> roles.add(role.name().toLowerCase(Locale.ROOT)));
      json.put("callerSub", caller.subject()).put("callerRoles", roles);
    }
    return json;
  }

  private static Caller callerOf(JsonObject json) {
    String subject = json.getString("callerSub");
    if (subject == null) {
      return Caller.INTERNAL;
    }
    JsonArray roles = json.getJsonArray("callerRoles", new JsonArray());
    return Caller.of(new JsonObject().put("sub", subject).put("roles", roles));
  }

  public int contract() {
    return contract;
  }

  public String requestId() {
    return requestId;
  }

  public Caller caller() {
    return caller;
  }

  public long budgetMs() {
    return budgetMs;
  }

  public int attempt() {
    return attempt;
  }

  /** The caller gave up on an earlier attempt of this very call. */
  public boolean isRetry() {
    return attempt > 1;
  }

  /** When the answer is due, as seen by this node since it read the call. */
  public Deadline deadline() {
    return deadline;
  }
}
