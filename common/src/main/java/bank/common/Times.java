package bank.common;

import java.time.OffsetDateTime;

/** Times as the API shows them: ISO-8601 instants in UTC, e.g. {@code 2026-11-21T10:15:30.123456Z}. */
public final class Times {

  private Times() {
  }

  public static String iso(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}
