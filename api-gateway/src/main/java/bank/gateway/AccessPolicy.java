package bank.gateway;

import static bank.common.Caller.Role.ADMIN;
import static bank.common.Caller.Role.AUDITOR;
import static bank.common.Caller.Role.CUSTOMER;
import static bank.common.Caller.Role.TELLER;

import bank.common.Caller;
import bank.common.Caller.Role;
import bank.common.ErrorCode;
import bank.common.ServiceException;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which roles may call which operation of the API (CONTRACT section 4), in one table. Every
 * operation that needs a token has an entry; {@link GatewayVerticle} refuses to start otherwise.
 * The check runs after the token was verified and the request validated, and before the route; it
 * also counts the request against the caller's rate limit.
 */
final class AccessPolicy {

  private static final String CALLER = "caller";
  private static final Set<Role> ANYONE = EnumSet.allOf(Role.class);

  static final Map<String, Set<Role>> ALLOWED = Map.ofEntries(
      Map.entry("openAccount", EnumSet.of(CUSTOMER, ADMIN)),
      Map.entry("listAccounts", ANYONE),
      Map.entry("getAccount", ANYONE),
      Map.entry("deposit", EnumSet.of(TELLER, ADMIN)),
      Map.entry("withdraw", EnumSet.of(TELLER, ADMIN)),
      Map.entry("listAccountTransfers", ANYONE),
      Map.entry("createTransfer", EnumSet.of(CUSTOMER, ADMIN)),
      Map.entry("getTransfer", ANYONE),
      Map.entry("listAudit", EnumSet.of(AUDITOR, ADMIN)),
      Map.entry("verifyAudit", EnumSet.of(AUDITOR, ADMIN)),
      Map.entry("startFullVerification", EnumSet.of(AUDITOR, ADMIN)),
      Map.entry("getFullVerification", EnumSet.of(AUDITOR, ADMIN)),
      Map.entry("reconcile", EnumSet.of(AUDITOR, ADMIN)),
      Map.entry("reconcileWholeLedger", EnumSet.of(AUDITOR, ADMIN)),
      // Customers see their own accounts' events only (EventRoutes).
      Map.entry("streamEvents", ANYONE),
      Map.entry("metrics", EnumSet.of(AUDITOR, ADMIN)));

  private final boolean enabled;
  private final RateLimits limits;

  AccessPolicy(AuthConfig auth, RateLimits limits) {
    this.enabled = auth.enabled();
    this.limits = limits;
  }

  /** The check for one operation: 401 for a token without {@code exp}, 403 for a role not allowed. */
  Handler<RoutingContext> check(String operationId) {
    Set<Role> allowed = ALLOWED.get(operationId);
    if (allowed == null) {
      throw new IllegalStateException("no access rule for operation " + operationId);
    }
    return context -> {
      if (!enabled) {
        context.put(CALLER, Caller.ANONYMOUS_ADMIN);
        context.next();
        return;
      }
      JsonObject claims = claims(context.user());
      // vertx-auth-jwt accepts a token without an expiry; the contract does not.
      if (!claims.containsKey("exp") || claims.getString("sub") == null) {
        context.fail(new ServiceException(ErrorCode.UNAUTHENTICATED, "the token must name its subject (sub) and expire (exp)"));
        return;
      }
      Caller caller = Caller.of(claims);
      if (!limits.allowSubject(caller.subject())) {
        RateLimits.refuse(context);
        return;
      }
      if (Collections.disjoint(caller.roles(), allowed)) {
        context.fail(new ServiceException(ErrorCode.FORBIDDEN, "this operation needs one of the roles "
            + allowed.stream().map(role -> role.name().toLowerCase()).sorted().toList()));
        return;
      }
      context.put(CALLER, caller);
      context.next();
    };
  }

  static Caller caller(RoutingContext context) {
    return context.get(CALLER);
  }

  /** The claims of the verified token (vertx-auth-jwt keeps them whole in the user's attributes), or none. */
  private static JsonObject claims(User user) {
    JsonObject claims = user == null ? null : user.attributes().getJsonObject("accessToken");
    return claims == null ? new JsonObject() : claims;
  }
}
