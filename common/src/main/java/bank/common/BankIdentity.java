package bank.common;

import io.vertx.core.Vertx;
import java.util.regex.Pattern;

/**
 * Which bank a node belongs to ({@code BANK_ID}). Two copies of the bank that share one Hazelcast
 * cluster (the same {@code CLUSTER_NAME} and members) must not serve each other's requests against
 * different databases, so every node carries its bank's id: each schema records it at its first
 * migration (the database module's {@code Databases.migrate}), each discovery record
 * publishes it ({@link ServiceRegistration}), callers route only to the records of their own bank
 * ({@link ServiceDirectory}), and each request names the caller's bank ({@link Wire#BANK_ID}),
 * which {@link ActionRouter} checks. A Vert.x that {@link ClusteredVertx} started is bound to its
 * node's id; any other (a unit test's) has none, and then nothing is checked.
 */
public final class BankIdentity {

  /** The setting. */
  public static final String SETTING = "BANK_ID";
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final String RULE = "1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'";
  private static final String MAP = "bank.identity";
  private static final String KEY = "bankId";

  private BankIdentity() {
  }

  /** The id itself, if it is valid; a {@link ConfigException} naming {@code BANK_ID} otherwise. */
  public static String checked(String bankId) {
    if (!isValid(bankId)) {
      throw new ConfigException(SETTING + " must be " + RULE + ", got '" + bankId + "'");
    }
    return bankId;
  }

  /** Whether {@code candidate} is a valid id. */
  static boolean isValid(String candidate) {
    return candidate != null && VALID.matcher(candidate).matches();
  }

  /** What a valid id is made of, for messages. */
  static String rule() {
    return RULE;
  }

  /** Binds the node's Vert.x to its bank; done once, before anything is deployed on it. */
  static void bind(Vertx vertx, String bankId) {
    vertx.sharedData().<String, String>getLocalMap(MAP).put(KEY, checked(bankId));
  }

  /** The bank of the node this Vert.x is, or null for a Vert.x that {@link ClusteredVertx} did not start. */
  public static String of(Vertx vertx) {
    return vertx.sharedData().<String, String>getLocalMap(MAP).get(KEY);
  }
}
