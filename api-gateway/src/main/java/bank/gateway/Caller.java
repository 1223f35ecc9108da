package bank.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Who is calling: the token's {@code sub} and the roles of its {@code roles} claim that the bank knows. */
record Caller(String subject, Set<Role> roles) {

  enum Role { CUSTOMER, TELLER, AUDITOR, ADMIN }

  /** With {@code AUTH=off} the API is open: every request acts as an administrator. */
  static final Caller ANONYMOUS_ADMIN = new Caller("anonymous", EnumSet.of(Role.ADMIN));

  /** The claims of the verified token (vertx-auth-jwt keeps them whole in the user's attributes), or none. */
  static JsonObject claims(User user) {
    JsonObject claims = user == null ? null : user.attributes().getJsonObject("accessToken");
    return claims == null ? new JsonObject() : claims;
  }

  /** The caller the token's claims name; unknown roles are ignored. */
  static Caller of(JsonObject claims) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    Object claimed = claims.getValue("roles");
    if (claimed instanceof JsonArray list) {
      for (Object role : list) {
        for (Role known : Role.values()) {
          if (known.name().toLowerCase(Locale.ROOT).equals(role)) {
            roles.add(known);
          }
        }
      }
    }
    return new Caller(claims.getString("sub"), roles);
  }

  boolean is(Role role) {
    return roles.contains(role);
  }
}
