package bank.common;

import java.util.UUID;

/** Opaque ids with a prefix that says what they name: {@code acc_…}, {@code tr_…}. */
public final class Ids {

  private Ids() {
  }

  public static String next(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "");
  }
}
