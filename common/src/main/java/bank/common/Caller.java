package bank.common;

import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is calling: the token's {@code sub} and the roles of its {@code roles} claim that the bank
 * knows. The gateway puts it on every request (headers {@code callerSub}, {@code callerRoles}) and
 * each service enforces what it owns, so that no route can forget an ownership check. A request
 * without a caller comes from inside the bank (a service, the outbox relay, a test) and is trusted.
 */
public record Caller(String subject, Set<Role> roles) {

  public enum Role { CUSTOMER, TELLER, AUDITOR, ADMIN }

  static final String SUBJECT_HEADER = "callerSub";
  static final String ROLES_HEADER = "callerRoles";

  /** With {@code AUTH=off} the API is open: every request acts as an administrator. */
  public static final Caller ANONYMOUS_ADMIN = new Caller("anonymous", EnumSet.of(Role.ADMIN));
  /** The bank itself: a request that came from no HTTP caller. */
  public static final Caller INTERNAL = new Caller(null, EnumSet.of(Role.ADMIN));

  /** The caller that a verified token's claims name; unknown roles are ignored. */
  public static Caller of(JsonObject claims) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    if (claims.getValue("roles") instanceof JsonArray list) {
      list.forEach(role -> known(String.valueOf(role), roles));
    }
    return new Caller(claims.getString("sub"), roles);
  }

  /** The caller a request carries, or {@link #INTERNAL} when it carries none. */
  public static Caller of(MultiMap headers) {
    String subject = headers.get(SUBJECT_HEADER);
    if (subject == null) {
      return INTERNAL;
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    String listed = headers.get(ROLES_HEADER);
    if (listed != null) {
      for (String role : listed.split(",")) {
        known(role, roles);
      }
    }
    return new Caller(subject, roles);
  }

  public DeliveryOptions addTo(DeliveryOptions options) {
    if (subject != null) {
      options.addHeader(SUBJECT_HEADER, subject).addHeader(ROLES_HEADER,
          roles.stream().map(role -> role.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(",")));
    }
    return options;
  }

  public boolean is(Role role) {
    return roles.contains(role);
  }

  /** A customer and nothing more: it sees and moves only what it owns. */
  public boolean seesOnlyOwn() {
    return is(Role.CUSTOMER) && !is(Role.TELLER) && !is(Role.AUDITOR) && !is(Role.ADMIN);
  }

  private static void known(String name, Set<Role> roles) {
    for (Role role : Role.values()) {
      if (role.name().toLowerCase(Locale.ROOT).equals(name.trim())) {
        roles.add(role);
      }
    }
  }
}
