package bank.local;

import bank.common.BankIdentity;
import bank.common.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Which bank a data directory holds, so that two {@code ./run}s on one machine (two checkouts, or
 * a test cluster beside a running bank) never join one cluster: a random id made on the first start
 * and kept in {@code <data>/bank-id}, from which every node gets {@code BANK_ID=<id>} and
 * {@code CLUSTER_NAME=bank-<id>}, unless the user set either, which wins.
 */
public final class LocalIdentity {

  static final String FILE = "bank-id";

  private LocalIdentity() {
  }

  /** The data directory's bank id: the one in {@code bank-id}, or a new random one written there. */
  public static String of(Path data) throws IOException {
    String existing = existing(data);
    if (existing != null) {
      return existing;
    }
    byte[] random = new byte[8];
    new SecureRandom().nextBytes(random);
    String made = HexFormat.of().formatHex(random);
    write(data, made);
    return made;
  }

  /** The id in {@code bank-id}, or null when there is none. */
  static String existing(Path data) throws IOException {
    Path file = data.resolve(FILE);
    if (!Files.exists(file)) {
      return null;
    }
    String id = Files.readString(file).strip();
    try {
      return BankIdentity.checked(id);
    } catch (ConfigException e) {
      throw new ConfigException(file + " does not hold a bank id (" + e.getMessage() + "): restore it, or set BANK_ID");
    }
  }

  static void write(Path data, String bankId) throws IOException {
    Files.createDirectories(data);
    Files.writeString(data.resolve(FILE), BankIdentity.checked(bankId) + "\n");
  }

  /**
   * {@code BANK_ID} and {@code CLUSTER_NAME} for every node: those that {@code given} (the
   * environment the nodes get otherwise) sets are left to it; the others come from {@code bankId}.
   * The cluster name follows the bank id actually used.
   */
  static Map<String, String> environment(String bankId, Function<String, String> given) {
    Map<String, String> added = new LinkedHashMap<>();
    String effective = isSet(given.apply(BankIdentity.SETTING)) ? given.apply(BankIdentity.SETTING).strip() : bankId;
    if (!isSet(given.apply(BankIdentity.SETTING))) {
      added.put(BankIdentity.SETTING, bankId);
    }
    if (!isSet(given.apply("CLUSTER_NAME"))) {
      added.put("CLUSTER_NAME", "bank-" + effective);
    }
    return added;
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
